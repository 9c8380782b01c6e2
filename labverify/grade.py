"""One student's grade, computed once, here, and rendered by every output.

The scorecard, ``--json``, a class's ``results.json`` and ``gradebook.csv``, the HTML, Markdown
and JUnit reports, the cost lines and ``labverify compare`` all render a :class:`Grade`; none
computes points. The rules (the README's scoring table restates them, and a test holds the two
together):

========================  ======================================================================
verdict                   what it does to the grade
========================  ======================================================================
``pass``                  earns its points
``fail``                  earns 0
``in_progress``           earns 0, and the grade is *in progress*, not final
``error``                 left out of the score and of the maximum; the grade is *incomplete*
``skipped``               left out of the score and of the maximum
waived                    counts as passed, whatever the verdict; the justification is shown
========================  ======================================================================

A scenario's points are its ``[points]`` entry, else an equal share of what its task's points
leave. Under ``[policy]`` ``"all"``, a task with any (unwaived) ``fail`` earns 0; a task whose
only shortfall is ``error`` or ``in_progress`` keeps what its passed scenarios earn and is
incomplete or in progress, never 0 for what could not be verified.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .catalogue import ui
from .config import LabConfig
from .costs import CostLine
from .report.redact import redact, redact_result
from .report.waivers import WAIVED, WaiverDecision
from .tomlfile import Locator, Source
from .verdicts import ScenarioResult, Verdict

# A task's state, and the grade's status.
PASSED, FAILED, INCOMPLETE, IN_PROGRESS, NOT_GRADED = (
    "passed", "failed", "incomplete", "in_progress", "not_graded")
GRADED = "graded"


@dataclass(frozen=True)
class ScenarioGrade:
    result: ScenarioResult  # text and evidence already redacted
    number: str  # stable test number: task.position in the task's feature
    points: float  # the scenario's share of its task
    earned: float
    counted: bool  # whether it is in the score and the maximum
    policy: str
    waiver: WaiverDecision | None = None

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.waiver.state == WAIVED

    @property
    def counts_as_passed(self) -> bool:
        return self.result.verdict is Verdict.PASS or self.waived

    @property
    def shown_verdict(self) -> str:
        """The verdict every output shows: the scenario's own, or ``waived`` when excused."""
        if self.waived and self.result.verdict is not Verdict.PASS:
            return WAIVED
        return self.result.verdict.value

    @property
    def effective(self) -> Verdict:
        """The verdict the grade goes by: a waived scenario is a pass."""
        return Verdict.PASS if self.waived else self.result.verdict


@dataclass(frozen=True)
class TaskGrade:
    number: int
    name: str
    policy: str
    points: float  # what the counted scenarios are worth
    earned: float
    state: str  # passed, failed, incomplete, in_progress, not_graded
    scenarios: tuple[ScenarioGrade, ...]

    @property
    def passed(self) -> bool:
        return self.state == PASSED


@dataclass(frozen=True)
class Grade:
    """One student's grading as every output shows it."""

    student: str
    tasks: tuple[TaskGrade, ...]
    provenance: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"
    notes: tuple[str, ...] = ()  # where the run chose one source over another
    costs: tuple[CostLine, ...] = ()  # fine-tuned deployments that bill by the hour

    @property
    def scenarios(self) -> list[ScenarioGrade]:
        return [s for t in self.tasks for s in t.scenarios]

    @property
    def score(self) -> float:
        return sum(t.earned for t in self.tasks)

    @property
    def max_score(self) -> float:
        return sum(t.points for t in self.tasks)

    @property
    def unverified(self) -> list[ScenarioGrade]:
        """The scenarios that could not be verified (and were not waived)."""
        return [s for s in self.scenarios if s.effective is Verdict.ERROR]

    @property
    def under_way(self) -> list[ScenarioGrade]:
        return [s for s in self.scenarios if s.effective is Verdict.IN_PROGRESS]

    @property
    def status(self) -> str:
        if self.unverified:
            return INCOMPLETE
        if self.under_way:
            return IN_PROGRESS
        return GRADED

    @property
    def final(self) -> bool:
        return self.status == GRADED

    @property
    def all_passed(self) -> bool:
        graded = [s for s in self.scenarios if s.effective is not Verdict.SKIPPED]
        return bool(graded) and all(s.counts_as_passed for s in graded)

    def status_line(self) -> str:
        """The gradebook's status: graded, incomplete (N could not verify), in progress (N ...)."""
        return status_words(self.status, len(self.unverified), len(self.under_way), "en")


def status_words(status: str, unverified: int, under_way: int, lang: str) -> str:
    """A grade's status and what it counts, in ``lang``; in English, the gradebook's value."""
    if status == INCOMPLETE:
        key = "grade.status.incomplete_under_way" if under_way else "grade.status.incomplete"
        return ui(key, lang, count=unverified, under_way=under_way)
    if status == IN_PROGRESS:
        return ui("grade.status.in_progress", lang, count=under_way)
    return ui("grade.status.graded", lang)


def scenario_points(results: list[ScenarioResult], config: LabConfig) -> dict[str, float]:
    """Each scenario's points: its ``[points]`` entry, else an equal share of the rest."""
    by_task: dict[int, list[str]] = defaultdict(list)
    for r in results:
        by_task[r.task].append(r.check_id)
    points: dict[str, float] = {}
    for task, checks in by_task.items():
        info = config.tasks.get(task)
        budget = info.points if info is not None else 0.0
        fixed = {c: config.points[c] for c in checks if c in config.points}
        rest = [c for c in checks if c not in fixed]
        left = budget - sum(fixed.values())
        if left < -1e-9 or (not rest and abs(left) > 1e-9):
            raise Locator([Source(config.path, config.text, {})]).error(
                ["points", next(iter(fixed), str(task))],
                f"the [points] of task {task}'s scenarios add up to {sum(fixed.values()):g}, "
                f"but [tasks.{task}] points = {budget:g}")
        points.update(fixed)
        points.update({c: left / len(rest) for c in rest})
    return points


def _task_state(scenarios: list[ScenarioGrade]) -> str:
    verdicts = {s.effective for s in scenarios}
    if verdicts <= {Verdict.SKIPPED}:
        return NOT_GRADED
    for verdict, state in ((Verdict.FAIL, FAILED), (Verdict.ERROR, INCOMPLETE),
                           (Verdict.IN_PROGRESS, IN_PROGRESS)):
        if verdict in verdicts:
            return state
    return PASSED


def grade(student: str, results: list[ScenarioResult], config: LabConfig, *,
          waivers: dict[str, WaiverDecision] | None = None,
          provenance: dict[str, Any] | None = None, lang: str = "en",
          notes: tuple[str, ...] | list[str] = (),
          costs: tuple[CostLine, ...] | list[CostLine] = ()) -> Grade:
    """Apply points, policies and waivers to one student's results: the one place that does."""
    waivers = waivers or {}
    points = scenario_points(results, config)
    by_task: dict[int, list[ScenarioResult]] = defaultdict(list)
    for r in results:  # feature order within a task is kept
        by_task[r.task].append(r)
    tasks = []
    for number in sorted(by_task):
        policy = config.task_policy(number)
        drafts = []
        for index, r in enumerate(by_task[number], start=1):
            draft = ScenarioGrade(redact_result(r), f"{number}.{index}", points[r.check_id], 0.0,
                                  False, policy, waivers.get(r.check_id))
            counted = draft.effective not in (Verdict.ERROR, Verdict.SKIPPED)
            drafts.append((draft, counted))
        state = _task_state([d for d, _ in drafts])
        scenarios = []
        for draft, counted in drafts:
            earns = draft.effective is Verdict.PASS and not (policy == "all" and state == FAILED)
            scenarios.append(ScenarioGrade(draft.result, draft.number, draft.points,
                                           draft.points if earns else 0.0, counted, policy,
                                           draft.waiver))
        info = config.tasks.get(number)
        tasks.append(TaskGrade(number, info.name if info else f"Task {number}", policy,
                               sum(s.points for s in scenarios if s.counted),
                               sum(s.earned for s in scenarios), state, tuple(scenarios)))
    return Grade(student, tuple(tasks), redact(provenance or {}), lang, tuple(notes),
                 tuple(costs))


def format_points(value: float) -> str:
    """Points as reports print them: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
