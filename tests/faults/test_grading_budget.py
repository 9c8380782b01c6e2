"""One grading's Azure reads share a time budget from the config: after it, no read starts.

Each read is already bounded on its own; the budget bounds their sum, so a grading against an
Azure that stalls every call still ends, and what it could not read is "could not verify".
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from labverify.azure.clients import Target
from labverify.azure.reads import AzureReads, ReadBudget
from labverify.config import load_config
from labverify.options import RunOptions
from labverify.paths import BUNDLED_SESSION
from labverify.run import LabRun
from labverify.verdicts import CouldNotVerify

from .matrix import SLACK_SECONDS, fast_config_text, grade, world_file

# listKeys stalls past every retry; task 7's reads come after it.
STALLED_KEYS = ("accounts.list_keys", "slow", None)
TASKS = "3,7"


def config_with_budget(folder: Path, budget: float) -> Path:
    path = folder / f"budget-{budget}.toml"
    path.write_text(fast_config_text(budget=budget), encoding="utf-8")
    return path


def test_reads_due_after_the_budget_are_not_made(tmp_path: Path) -> None:
    config = config_with_budget(tmp_path, 0.3)
    lab = load_config(config)
    got = grade(world_file(tmp_path, "complete.toml", STALLED_KEYS), TASKS, config)
    assert "fail" not in got.verdicts.values(), got.explain()
    refused = {c for c, r in got.results.items() if "budget_seconds" in r.message}
    assert refused and all(c.startswith("t7-") for c in refused), got.explain()
    assert all(got.verdicts[c] == "error" for c in refused)
    assert all("says nothing about your work" in got.results[c].hint for c in refused)
    grading = lab.grading
    one_read = (2 * grading.retries + 1) * grading.timeout_seconds
    assert got.seconds <= grading.budget_seconds + one_read + SLACK_SECONDS


def test_with_budget_to_spare_the_same_grading_reads_on(tmp_path: Path) -> None:
    # The control: only the budget kept task 7 from being read above.
    config = config_with_budget(tmp_path, 120)
    got = grade(world_file(tmp_path, "complete.toml", STALLED_KEYS), TASKS, config)
    assert not any("budget_seconds" in r.message for r in got.results.values())
    assert {v for c, v in got.verdicts.items() if c.startswith("t7-")} == {"pass"}, got.explain()


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class _Recorder:
    def cassette(self, name: str) -> Any:
        return contextlib.nullcontext()


def reads_with(budget: ReadBudget, *, read_only: bool) -> AzureReads:
    target = Target(arm_url="https://management.azure.com", credential=None, read_only=read_only)
    return AzureReads(target=target, recorder=_Recorder(), subscription_id="s",  # type: ignore[arg-type]
                      resource_group="rg", principal_id="p", api_versions={}, retries=0,
                      timeout=1.0, budget=budget)


def test_the_budget_counts_from_the_start_of_the_grading() -> None:
    clock = _Clock()
    budget = ReadBudget(10, clock=clock)
    reads = reads_with(budget, read_only=True)
    clock.now += 9.5
    assert reads.read("accounts", "the accounts", lambda: ["acct"]) == ["acct"]
    clock.now += 1.0
    with pytest.raises(CouldNotVerify, match="did not read the deployments"):
        reads.read("deployments", "the deployments", lambda: ["never"])
    # A read made in time stays answered; a refused one stays refused, without a call.
    assert reads.read("accounts", "the accounts", lambda: ["again"]) == ["acct"]
    assert reads.calls == ["accounts"]


def test_carrying_the_lab_out_is_not_bounded() -> None:
    clock = _Clock()
    reads = reads_with(ReadBudget(1, clock=clock), read_only=False)
    clock.now += 3600
    assert reads.read("jobs", "the jobs", lambda: ["job"]) == ["job"]


def test_waiting_for_a_job_extends_the_budget_by_the_wait() -> None:
    budget = load_config(None).grading.budget_seconds
    run = LabRun(load_config(None), RunOptions(mode="replay", session=BUNDLED_SESSION,
                                               wait_seconds=600))
    try:
        assert run.reads.budget is not None
        assert run.reads.budget.seconds == budget + 600
    finally:
        run.finish()


@pytest.mark.parametrize("value", ["0", "-5", '"soon"'])
def test_a_budget_that_is_not_a_positive_number_is_refused(tmp_path: Path, value: str) -> None:
    from labverify.errors import LabverifyError

    path = tmp_path / "lab.toml"
    text = fast_config_text().replace("budget_seconds = 120.0", f"budget_seconds = {value}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LabverifyError, match=r"lab\.toml:\d+.*budget_seconds"):
        load_config(path)
