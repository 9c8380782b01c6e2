"""Every bundled session gives exactly its expected verdicts, offline, from its cassettes alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labverify.recording.session import read_meta

from .sessions import SESSIONS, bundled_sessions, expectations, expected_verdict, verdicts

ALL_CHECKS = set(verdicts(SESSIONS / "complete"))


def test_every_session_has_expectations_and_every_expectation_a_session() -> None:
    assert set(bundled_sessions()) == set(expectations()["sessions"])


@pytest.mark.parametrize("session", bundled_sessions())
def test_session_gives_exactly_its_expected_verdicts(session: str) -> None:
    got = verdicts(SESSIONS / session)
    if read_meta(SESSIONS / session).extra.get("carry_out"):
        assert set(got) == {"c7-upload", "c7-finetune", "c8-deploy", "c9-chat", "c10-delete"}
    else:
        assert set(got) == ALL_CHECKS  # every scenario ran, none was lost
    want = {check: expected_verdict(session, check) for check in got}
    assert got == want


def test_the_bundled_session_passes_tasks_1_to_9() -> None:
    got = verdicts(SESSIONS / "complete", tasks="1-9")
    assert got and set(got.values()) == {"pass"}
    assert {int(c[1:].split("-")[0]) for c in got} == set(range(1, 10))


def test_one_task_replays_on_its_own() -> None:
    got = verdicts(SESSIONS / "complete", tasks="2")
    assert set(got) == {"t2-openai-contributor", "t2-openai-user", "t2-contributor",
                        "t2-usages-reader"}
    assert set(got.values()) == {"pass"}


def edited_copy(tmp_path: Path, cassette: str, old: str, new: str) -> Path:
    """A copy of the bundled session with one recorded fact changed."""
    copy = tmp_path / "session"
    shutil.copytree(SESSIONS / "complete", copy)
    path = copy / cassette
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old} is not recorded exactly once in {cassette}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return copy


def test_changing_one_recorded_fact_changes_exactly_its_scenario(tmp_path: Path) -> None:
    copy = edited_copy(tmp_path, "arm/accounts.yaml", '"location":"northcentralus"',
                       '"location":"westeurope"')
    before, after = verdicts(SESSIONS / "complete"), verdicts(copy)
    changed = {check for check in before if before[check] != after[check]}
    assert changed == {"t1-region"}
    assert after["t1-region"] == "fail"


def test_a_request_missing_from_the_session_is_an_error_naming_it(tmp_path: Path) -> None:
    copy = tmp_path / "session"
    shutil.copytree(SESSIONS / "complete", copy)
    (copy / "arm" / "list-keys.yaml").unlink()
    got = verdicts(copy, tasks="3")
    assert got == {"t3-keys": "error", "t3-endpoint": "pass"}


def test_sessions_carry_their_own_metadata() -> None:
    for session in bundled_sessions():
        meta = read_meta(SESSIONS / session)
        assert meta.origin == "synthesized"
        assert meta.world == f"fixtures/worlds/{session}.toml"
        assert meta.subscription_id == "00000000-0000-0000-aaaa-000000000001"
        assert meta.principal_id == "00000000-0000-0000-cccc-000000000001"


def test_a_job_recorded_as_running_is_in_progress_not_failed(tmp_path: Path) -> None:
    copy = edited_copy(tmp_path, "openai/fine-tuning-jobs.yaml", '"status":"succeeded"',
                       '"status":"running"')
    got = verdicts(copy, tasks="7")
    assert got["t7-job-succeeded"] == "in_progress"
    assert "fail" not in got.values()


def test_task_10_passes_after_clean_up_when_asked_for() -> None:
    assert verdicts(SESSIONS / "after-cleanup", tasks="10") == {
        "t10-resource-deleted": "pass", "t10-group-kept": "pass"}
    # Not asked for, task 10 is not graded at all.
    assert not any(c.startswith("t10-") for c in verdicts(SESSIONS / "complete", tasks=None))


def test_each_azure_read_is_made_once_per_run() -> None:
    """A recorded run holds one request per cassette: no scenario repeated a read."""
    for cassette in (SESSIONS / "complete").rglob("*.yaml"):
        text = cassette.read_text(encoding="utf-8")
        assert text.count("- request:") == 1, cassette
    # A throttled read holds its retry too, and nothing more.
    throttled = (SESSIONS / "throttled-once" / "arm" / "accounts.yaml").read_text(encoding="utf-8")
    assert throttled.count("- request:") == 2 and "code: 429" in throttled
