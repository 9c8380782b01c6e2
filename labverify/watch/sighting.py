"""One student in one round: what each task looks like, from their Grade.

The kinds are what an instructor scans a class for: done, wrong (something there, not right),
under way (a job training, a deployment being created), could not verify (labverify could not
tell: never the student's fault), not started (nothing of the task there yet), not graded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..grade import FAILED, IN_PROGRESS, INCOMPLETE, NOT_GRADED, PASSED, Grade
from ..verdicts import Verdict

DONE, WRONG, UNDER_WAY, UNVERIFIED, NOT_STARTED, SKIPPED = (
    "done", "wrong", "under_way", "unverified", "not_started", "not_graded")
KINDS = (DONE, WRONG, UNDER_WAY, UNVERIFIED, NOT_STARTED, SKIPPED)
# The status of a student no grading could be made for (the gradebook's "not graded").
NO_GRADE = "no_grade"


def task_kind(state: str, scenarios: list[Any]) -> str:
    if state == PASSED:
        return DONE
    if state == FAILED:
        started = any(s.counts_as_passed for s in scenarios)
        return WRONG if started else NOT_STARTED
    return {IN_PROGRESS: UNDER_WAY, INCOMPLETE: UNVERIFIED, NOT_GRADED: SKIPPED}[state]


@dataclass
class Sighting:
    """A student's round, as plain data: it crosses from a worker process to the watch."""

    student: str
    tasks: dict[int, str] = field(default_factory=dict)  # task number -> kind
    failing: tuple[str, ...] = ()  # the checks found not done, in the features' order
    unverified: tuple[str, ...] = ()  # the checks labverify could not verify
    score: float | None = None
    max_score: float | None = None
    status: str = NO_GRADE  # the Grade's status: graded, incomplete, in_progress
    status_line: str = ""  # the gradebook's words for it
    note: str = ""  # why the round could not grade the student, or what is unverified
    reports: dict[str, str] = field(default_factory=dict)  # report file -> text
    row: Any = None  # the gradebook row of the grade (report.gradebook.GradebookRow)
    final_reads: dict[str, Any] = field(default_factory=dict)
    reads: tuple[str, ...] = ()  # the distinct Azure reads the round made for the student
    paced_seconds: float = 0.0
    throttled: int = 0
    seconds: float = 0.0

    @property
    def finished(self) -> bool:
        """Whether the round told everything about the student: else the last grade stays."""
        return self.status not in (NO_GRADE, INCOMPLETE)

    @classmethod
    def from_grade(cls, graded: Grade, **extra: Any) -> Sighting:
        tasks = {t.number: task_kind(t.state, list(t.scenarios)) for t in graded.tasks}
        failing = tuple(s.result.check_id for s in graded.scenarios
                        if s.effective is Verdict.FAIL)
        unverified = tuple(s.result.check_id for s in graded.unverified)
        note = "; ".join(f"{s.result.check_id}: {s.result.message}" for s in graded.unverified)
        from ..report.gradebook import GradebookRow

        return cls(graded.student, tasks, failing, unverified, graded.score, graded.max_score,
                   graded.status, graded.status_line(), note, row=GradebookRow.from_grade(graded),
                   **extra)

    def record(self) -> dict[str, Any]:
        """What rounds.jsonl keeps of it: no report, no read's answer, nothing secret; and its
        gradebook row, so that a watch's gradebook comes from its rounds alone."""
        row = self.row
        gradebook = ({"earned": {str(n): v for n, v in sorted(row.tasks.items())},
                      "gradebook_status": row.status, "gradebook_note": row.note}
                     if row is not None else {})
        return {**gradebook, "tasks": {str(n): kind for n, kind in sorted(self.tasks.items())},
                "failing": list(self.failing), "unverified": list(self.unverified),
                "score": self.score, "max_score": self.max_score, "status": self.status,
                "status_line": self.status_line, "note": self.note, "reads": list(self.reads)}
