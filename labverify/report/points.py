"""Points per scenario and per task, the pass policy of each task, and the graded view reports use.

The lab config gives each task its points (``[tasks.N] points``). Two optional tables refine it:

``[points]`` -- points of single scenarios, by check id::

    [points]
    "t7-job-succeeded" = 5

A scenario named there is worth exactly that; the task's other scenarios share what is left of
the task's points equally. Without the table every scenario of a task gets an equal share.

``[policy]`` -- how a task's points are earned: ``"partial"`` (each passed scenario earns its
points) or ``"all"`` (the task's points only when every scenario passed)::

    [policy]
    default = "partial"
    7 = "all"

In both, a task counts as *passed* only when every one of its scenarios passed or was waived.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..config import DEFAULT_POLICY, LabConfig
from ..errors import LocatedError
from ..run import PROJECT_ROOT
from ..tomlfile import Locator, Source
from ..verdicts import ScenarioResult, Verdict
from .redact import redact, redact_result
from .waivers import WAIVED, WaiverDecision

_CHECK_TAG = re.compile(r"@check:([A-Za-z0-9_.-]+)")
_TASK_TAG = re.compile(r"^\s*@task(\d+)\b", re.MULTILINE)


@cache
def graded_checks(features: Path = PROJECT_ROOT / "features") -> dict[int, tuple[str, ...]]:
    """The check ids each task's feature grades (carry-out scenarios left out), in order."""
    found: dict[int, list[str]] = defaultdict(list)
    for path in sorted(features.glob("*.feature")):
        text = path.read_text(encoding="utf-8")
        task = _TASK_TAG.search(text)
        if task is None:
            continue
        # A scenario's tags are the tag lines right above it.
        lines = text.splitlines()
        tags: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("@"):
                tags += stripped.split()
                continue
            if stripped.startswith(("Scenario:", "Scenario Outline:")):
                if "@carry_out" not in tags:
                    found[int(task.group(1))] += [t.split(":", 1)[1] for t in tags
                                                  if t.startswith("@check:")]
            if stripped and not stripped.startswith("#"):
                tags = []
    return {task: tuple(checks) for task, checks in found.items()}


@cache
def known_check_ids(features: Path = PROJECT_ROOT / "features") -> frozenset[str]:
    """Every check id the lab's features declare (``@check:ID`` tags), carry-out ones too."""
    found: set[str] = set()
    for path in sorted(features.glob("*.feature")):
        found.update(_CHECK_TAG.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def _error(config: LabConfig, path: list[str], message: str) -> LocatedError:
    return Locator([Source(config.path, config.text, {})]).error(path, message)


def validate_tables(config: LabConfig, checks: frozenset[str] | None = None,
                    by_task: dict[int, tuple[str, ...]] | None = None) -> None:
    """Check ``[points]`` against the features: known check ids, and sums within each task.

    Types, ranges and ``[policy]`` are checked when the config is read.
    """
    checks = known_check_ids() if checks is None else checks
    by_task = graded_checks() if by_task is None else by_task
    table = config.raw.get("points", {})
    for check in table:
        if check not in checks:
            raise _error(config, ["points", check], "no scenario has this check id")
    for task, ids in sorted(by_task.items()):
        info = config.tasks.get(task)
        fixed = [c for c in ids if c in table]
        if info is None or not fixed:
            continue
        total = sum(float(table[c]) for c in fixed)
        if total > info.points + 1e-9 or (len(fixed) == len(ids) and abs(total - info.points) > 1e-9):
            raise _error(config, ["points", fixed[-1]],
                         f"the [points] of task {task}'s scenarios add up to {total:g}, but "
                         f"[tasks.{task}] points = {info.points:g}")


def task_policy(config: LabConfig, task: int) -> str:
    table = config.raw.get("policy", {})
    return str(table.get(str(task), table.get("default", DEFAULT_POLICY)))


def scenario_points(results: list[ScenarioResult], config: LabConfig) -> dict[str, float]:
    """Each scenario's points: its ``[points]`` entry, else an equal share of the rest."""
    table = config.raw.get("points", {})
    by_task: dict[int, list[str]] = defaultdict(list)
    for r in results:
        by_task[r.task].append(r.check_id)
    points: dict[str, float] = {}
    for task, checks in by_task.items():
        info = config.tasks.get(task)
        budget = info.points if info is not None else 0.0
        fixed = {c: float(table[c]) for c in checks if c in table}
        rest = [c for c in checks if c not in fixed]
        left = budget - sum(fixed.values())
        if left < -1e-9 or (not rest and abs(left) > 1e-9):
            raise _error(config, ["points", next(iter(fixed), str(task))],
                         f"the [points] of task {task}'s scenarios add up to "
                         f"{sum(fixed.values()):g}, but [tasks.{task}] points = {budget:g}")
        points.update(fixed)
        points.update({c: left / len(rest) for c in rest})
    return points


@dataclass(frozen=True)
class ScenarioGrade:
    result: ScenarioResult
    points: float
    earned: float
    waiver: WaiverDecision | None = None

    @property
    def counts_as_passed(self) -> bool:
        return self.result.verdict is Verdict.PASS or self.waived

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.waiver.state == WAIVED

    @property
    def shown_verdict(self) -> str:
        """The verdict a report shows: the scenario's own, or ``waived`` when excused."""
        if self.waived and self.result.verdict is not Verdict.PASS:
            return WAIVED
        return self.result.verdict.value


@dataclass(frozen=True)
class TaskGrade:
    number: int
    name: str
    policy: str
    points: float
    earned: float
    passed: bool
    scenarios: tuple[ScenarioGrade, ...]


@dataclass(frozen=True)
class Grade:
    """One student's grading as every report shows it; text and evidence already redacted."""

    student: str
    tasks: tuple[TaskGrade, ...]
    provenance: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"  # of the hints

    @property
    def score(self) -> float:
        return sum(t.earned for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def scenarios(self) -> list[ScenarioGrade]:
        return [s for t in self.tasks for s in t.scenarios]


def grade(student: str, results: list[ScenarioResult], config: LabConfig, *,
          waivers: dict[str, WaiverDecision] | None = None,
          provenance: dict[str, Any] | None = None, lang: str = "en") -> Grade:
    """Apply points, policies and waivers to one student's results."""
    waivers = waivers or {}
    points = scenario_points(results, config)
    by_task: dict[int, list[ScenarioResult]] = defaultdict(list)
    for r in results:  # feature order within a task is kept
        by_task[r.task].append(r)
    tasks = []
    for number in sorted(by_task):
        policy = task_policy(config, number)
        drafts = [ScenarioGrade(redact_result(r), points[r.check_id], 0.0, waivers.get(r.check_id))
                  for r in by_task[number]]
        passed = all(s.counts_as_passed for s in drafts)
        scenarios = tuple(
            ScenarioGrade(s.result, s.points,
                          s.points if (passed if policy == "all" else s.counts_as_passed) else 0.0,
                          s.waiver)
            for s in drafts)
        info = config.tasks.get(number)
        tasks.append(TaskGrade(number, info.name if info else f"Task {number}", policy,
                               sum(s.points for s in scenarios),
                               sum(s.earned for s in scenarios), passed, scenarios))
    return Grade(student, tuple(tasks), redact(provenance or {}), lang)


def format_points(value: float) -> str:
    """Points as reports print them: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
