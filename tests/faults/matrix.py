"""The fault matrix: operations, faults, the worlds and config they are graded under, and the
verdicts each cell must end in.

Grading is the real thing: ``run_scenarios`` in live mode against the Azure double, nothing
written, under a copy of the lab config with small retry and timeout settings, so that a fault
that outlasts every retry still costs about a second.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from labverify.config import DEFAULT_CONFIG, LabConfig
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import PROJECT_ROOT
from labverify.verdicts import ScenarioResult

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
LABFILES = PROJECT_ROOT / "fixtures" / "labfiles" / "complete"

RETRIES = 1
TIMEOUT = 0.5
SLOW_SECONDS = TIMEOUT + 0.5  # "a bit longer" than the client waits: every attempt times out
# What a grading costs besides waiting on the faulted read: pytest, the double, the checks.
SLACK_SECONDS = 6.0

FAULTS: dict[str, str] = {
    "429": 'kind = "status"\nstatus = 429\nretry_after = 0',
    "500": 'kind = "status"\nstatus = 500',
    "503": 'kind = "status"\nstatus = 503\nretry_after = 0',
    "reset": 'kind = "reset"',
    "slow": f'kind = "slow"\nseconds = {SLOW_SECONDS}',
    "malformed": 'kind = "malformed"',
}


@dataclass(frozen=True)
class Operation:
    tasks: str
    # Scenarios that cannot be graded without this read; None: all of the graded ones.
    needs: frozenset[str] | None = None
    base: str = "complete.toml"
    # A read that only adds evidence: losing it changes no verdict, only this evidence key.
    evidence_only: str = ""


OPERATIONS: dict[str, Operation] = {
    # Every check starts from the account listing; task 3 is enough to show it.
    "accounts.list_by_resource_group": Operation(tasks="3"),
    # Without the keys the data plane is read with the grader's token: task 7 still passes.
    "accounts.list_keys": Operation(tasks="3,7", needs=frozenset({"t3-keys"})),
    "role_assignments.list_for_scope": Operation(tasks="2"),
    "deployments.list": Operation(tasks="8,9"),
    # Only tells about a soft-deleted account, after task 10.
    "deleted_accounts.list": Operation(tasks="10", base="after-cleanup.toml",
                                       evidence_only="soft_deleted"),
    "files.list": Operation(tasks="7"),
    "jobs.list": Operation(tasks="7", needs=frozenset({
        "t7-job-inputs", "t7-job-succeeded", "t7-fine-tuned-model"})),
    # Read only while a job runs, for its progress.
    "jobs.list_events": Operation(tasks="7", base="t7-job-running.toml",
                                  evidence_only="latest_event"),
    "chat.create": Operation(tasks="9"),
}

# A 200 whose body is not JSON is an answer to the SDKs, not a failure: they do not retry
# it, so even a single one leaves its read unverified. (listKeys, a POST, is retried after a
# dropped connection or a timeout like every read: labverify's retry policy allows it.)
NOT_RETRIED = {("malformed", op) for op in OPERATIONS}

Cell = tuple[str, str, int | None]  # operation, fault, times (None: every request)


def retried_away(op: str, fault: str, times: int | None) -> bool:
    return times == 1 and (fault, op) not in NOT_RETRIED


def expected(cell: Cell, plain: dict[str, str]) -> dict[str, str]:
    """The verdicts a cell must give, from those of the same world without the fault."""
    op, fault, times = cell
    operation = OPERATIONS[op]
    if retried_away(op, fault, times) or operation.evidence_only:
        return dict(plain)
    needs = operation.needs if operation.needs is not None else frozenset(plain)
    return {check: "error" if check in needs else verdict for check, verdict in plain.items()}


def fast_config_text(retries: int = RETRIES, timeout: float = TIMEOUT,
                     budget: float = 120.0) -> str:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text, retried = re.subn(r"(?m)^retries = \d+$", f"retries = {retries}", text)
    text, timed = re.subn(r"(?m)^timeout_seconds = [\d.]+$", f"timeout_seconds = {timeout}", text)
    text, budgeted = re.subn(r"(?m)^budget_seconds = [\d.]+$", f"budget_seconds = {budget}", text)
    assert retried == timed == budgeted == 1, "the default config's [grading] keys moved"
    return text


def time_bound(config: LabConfig, faulted_reads: int = 1) -> float:
    """The longest a grading may take: each faulted read makes ``retries + 1`` attempts of at
    most ``timeout_seconds`` each and waits at most ``timeout_seconds`` before each retry."""
    grading = config.grading
    per_read = (2 * grading.retries + 1) * grading.timeout_seconds
    return faulted_reads * per_read + SLACK_SECONDS


def world_file(folder: Path, base: str, cell: Cell | None = None) -> Path:
    """``base`` with the lab files at hand, plus the cell's one ``[[faults]]`` entry."""
    lines = [f'base = "{(WORLDS / base).as_posix()}"', "[machine]",
             f'labfiles = "{LABFILES.as_posix()}"']
    name = f"plain-{base}"
    if cell is not None:
        op, fault, times = cell
        lines += ["[[faults]]", f'operation = "{op}"', FAULTS[fault]]
        if times is not None:
            lines.append(f"times = {times}")
        name = f"{op}-{fault}-{times or 'always'}.toml"
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Graded:
    results: dict[str, ScenarioResult]
    seconds: float
    verdicts: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.verdicts = {check: r.verdict.value for check, r in self.results.items()}

    def explain(self) -> str:
        return "\n".join(f"{c}: {r.verdict.value} {r.message}" for c, r in self.results.items())


# pytest's unraisable-exception plugin runs a full gc.collect() at the end of every run, and
# long tracebacks through the SDKs are formatted (then replaced by the verdict) for every
# error: most of a short grading's time, and nothing the verdicts depend on.
FAST_ARGS = ("-p", "no:unraisableexception", "--tb=native")


def grade(world: Path, tasks: str, config: Path) -> Graded:
    started = time.monotonic()
    outcome = run_scenarios(GradeRequest(mode="live", world=world, tasks=tasks,
                                         lab_config=config, extra_args=list(FAST_ARGS)))
    seconds = time.monotonic() - started
    if not outcome.results:
        raise AssertionError(f"no scenario ran:\n{outcome.output}")
    return Graded({r.check_id: r for r in outcome.results}, seconds)
