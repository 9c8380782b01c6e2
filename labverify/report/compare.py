"""Comparing two gradings of one student: which tasks and scenarios got a different verdict.

Each side is a ``results.json`` (written by ``labverify grade --json`` or by class grading),
a class-grading student folder holding one, or a recorded session directory, which is graded
here by replaying it. A student's self-check against the instructor's run is the usual case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import LabverifyError, LocatedError
from ..grade import Grade, format_points, grade
from ..jsonfile import read_json
from ..packing import is_pack, unpacked
from ..recording.session import METADATA_FILE
from ..schema import type_name

PASSING = ("pass", "waived")


@dataclass(frozen=True)
class Outcome:
    check: str
    task: int
    name: str
    verdict: str


@dataclass(frozen=True)
class Grading:
    """One side: a Grade's verdicts and totals, from a results file or a replay."""

    label: str
    outcomes: dict[str, Outcome]
    score: float | None = None
    max_score: float | None = None
    status: str = ""

    @classmethod
    def from_grade(cls, label: str, grade: Grade) -> Grading:
        return cls(label, {s.result.check_id: Outcome(s.result.check_id, t.number,
                                                      s.result.name, s.shown_verdict)
                           for t in grade.tasks for s in t.scenarios},
                   grade.score, grade.max_score, grade.status)

    def task_passed(self, task: int) -> bool:
        return all(o.verdict in PASSING for o in self.outcomes.values() if o.task == task)

    @property
    def tasks(self) -> set[int]:
        return {o.task for o in self.outcomes.values()}


@dataclass(frozen=True)
class Comparison:
    a: Grading
    b: Grading
    changed: list[tuple[Outcome, Outcome]]
    only_a: list[Outcome]
    only_b: list[Outcome]
    tasks: list[tuple[int, bool, bool]]  # task, passed in a, passed in b (where they differ)

    @property
    def same(self) -> bool:
        return not (self.changed or self.only_a or self.only_b or self.tasks)


def _from_results(path: Path, data: Any) -> Grading:
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        raise LocatedError(path, "not a results file (no \"tests\" list)")
    outcomes: dict[str, Outcome] = {}
    for i, test in enumerate(data["tests"]):
        if not isinstance(test, dict):
            raise LocatedError(path, f"must be an object, not {type_name(test)}",
                               field=f"tests[{i}]")
        extra = test.get("extra_data", {})
        extra = extra if isinstance(extra, dict) else {}
        check = extra.get("check")
        verdict = extra.get("shown", extra.get("verdict"))
        task = extra.get("task")
        if not isinstance(check, str) or not isinstance(verdict, str) or \
                not isinstance(task, int) or isinstance(task, bool):
            raise LocatedError(path, "a test lacks its check id, task or verdict",
                               field=f"tests[{i}]")
        outcomes[check] = Outcome(check, task, str(test.get("name", check)), verdict)
    totals = [data.get(k) if isinstance(data.get(k), (int, float)) and
              not isinstance(data.get(k), bool) else None for k in ("score", "max_score")]
    extra = data.get("extra_data") if isinstance(data.get("extra_data"), dict) else {}
    return Grading(str(path), outcomes, totals[0], totals[1], str(extra.get("status", "")))


def load_grading(path: Path, *, tasks: str | None = None,
                 lab_config: Path | None = None) -> Grading:
    """Read one side: a results file, a folder holding ``results.json``, a session or a pack."""
    if is_pack(path):
        with unpacked(path) as session:
            return replace(load_grading(session, tasks=tasks, lab_config=lab_config),
                           label=str(path))
    if path.is_dir() and (path / METADATA_FILE).is_file():
        from ..config import load_config
        from ..grading import GradeRequest, run_scenarios
        from ..run import session_options

        options = replace(session_options(path), tasks=tasks, lab_config=lab_config)
        outcome = run_scenarios(GradeRequest(**vars(options), extra_args=["--tb=no"]))
        if not outcome.results:
            raise LabverifyError(f"{path}: no scenario ran when replaying this session")
        graded = grade(path.name, outcome.results, load_config(lab_config),
                       notes=outcome.notes, costs=outcome.costs)
        return Grading.from_grade(str(path), graded)
    file = path / "results.json" if path.is_dir() else path
    if not file.exists():
        raise LocatedError(file, "not found: give a results.json, a folder holding one, "
                                 "or a recorded session directory")
    data, _ = read_json(file)
    return _from_results(file, data)


def compare(a: Grading, b: Grading) -> Comparison:
    def order(o: Outcome) -> tuple[int, str]:
        return (o.task, o.check)

    changed = sorted(((a.outcomes[c], b.outcomes[c]) for c in a.outcomes.keys() & b.outcomes.keys()
                      if a.outcomes[c].verdict != b.outcomes[c].verdict), key=lambda p: order(p[0]))
    only_a = sorted((a.outcomes[c] for c in a.outcomes.keys() - b.outcomes.keys()), key=order)
    only_b = sorted((b.outcomes[c] for c in b.outcomes.keys() - a.outcomes.keys()), key=order)
    tasks = [(t, a.task_passed(t), b.task_passed(t)) for t in sorted(a.tasks & b.tasks)
             if a.task_passed(t) != b.task_passed(t)]
    return Comparison(a, b, changed, only_a, only_b, tasks)


def _totals(side: Grading) -> str:
    if side.score is None or side.max_score is None:
        return ""
    status = f", {side.status.replace('_', ' ')}" if side.status else ""
    return f" ({format_points(side.score)} / {format_points(side.max_score)}{status})"


def describe(comparison: Comparison) -> list[str]:
    """Plain lines for a terminal or a CI log."""
    c = comparison
    lines = [f"A: {c.a.label}{_totals(c.a)}", f"B: {c.b.label}{_totals(c.b)}"]
    if c.same:
        return [*lines, "Same verdict for every scenario graded in both."]

    def passed(flag: bool) -> str:
        return "passed" if flag else "not passed"

    for task, in_a, in_b in c.tasks:
        lines.append(f"Task {task}: {passed(in_a)} in A, {passed(in_b)} in B")
    for x, y in c.changed:
        lines.append(f"  task {x.task} {x.check} ({x.name}): A {x.verdict}, B {y.verdict}")
    lines += [f"  task {o.task} {o.check}: only in A ({o.verdict})" for o in c.only_a]
    lines += [f"  task {o.task} {o.check}: only in B ({o.verdict})" for o in c.only_b]
    return lines
