"""The class across rounds: what every view of a watch shows, built from round records only.

A round record (``history.round_record``) holds, per student, what the round saw. The board
applies records in order: a student whose round did not finish (could not verify, or no grade
at all) keeps the grade last shown, marked stale since that round; otherwise the new grade is
shown. From one shown grade to the next it finds what changed, and how many rounds in a row a
student's first failing check has stayed the same (stuck). Replaying ``rounds.jsonl`` applies
the same records and draws the same board.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .sighting import KINDS, NO_GRADE, NOT_STARTED

# Statuses of a round that told everything about a student (sighting.Sighting.finished).
_UNFINISHED = (NO_GRADE, "incomplete")


@dataclass
class StudentState:
    name: str
    folder: str  # the student's report folder, relative to the watch's folder
    shown: dict[str, Any] | None = None  # the record shown: the last finished one
    stale_since: int | None = None  # the round since which the shown grade is old
    stale_reason: str = ""
    stuck_check: str | None = None
    stuck_rounds: int = 0

    @property
    def stale(self) -> bool:
        return self.stale_since is not None

    def kind(self, task: int) -> str:
        if self.shown is None:
            return NOT_STARTED
        return self.shown["tasks"].get(str(task), "not_graded")


@dataclass
class Board:
    tasks: list[int]
    students: dict[str, StudentState] = field(default_factory=dict)
    round: int = 0
    at: str = ""  # the round's clock (RFC 3339)
    started: str = ""  # when the round started, wall clock
    seconds: float = 0.0
    changes: list[dict[str, Any]] = field(default_factory=list)  # in the last round
    stuck_after: int = 3

    def add_student(self, name: str, folder: str) -> None:
        self.students.setdefault(name, StudentState(name, folder))

    def apply(self, record: dict[str, Any]) -> None:
        """One round's record; students it does not name keep what they showed."""
        self.round, self.at = int(record["round"]), str(record["at"])
        self.started, self.seconds = str(record.get("started", "")), float(record.get("seconds", 0))
        self.changes = []
        for name, seen in record["students"].items():
            state = self.students.get(name)
            if state is None:
                state = self.students[name] = StudentState(name, seen.get("folder", ""))
            if seen["status"] in _UNFINISHED and state.shown is not None:
                if state.stale_since is None:
                    state.stale_since = self.round
                state.stale_reason = seen.get("note", "")
                continue
            before = state.shown
            state.shown, state.stale_since, state.stale_reason = seen, None, ""
            for task in self.tasks:
                was = before["tasks"].get(str(task)) if before else None
                now = seen["tasks"].get(str(task))
                if before is not None and was != now:
                    self.changes.append({"student": name, "task": task, "from": was, "to": now})
            first = seen["failing"][0] if seen["failing"] else None
            if first is not None and first == state.stuck_check:
                state.stuck_rounds += 1
            else:
                state.stuck_check, state.stuck_rounds = first, 1 if first else 0

    def counts(self) -> dict[int, dict[str, int]]:
        """Per task, how many students show each kind."""
        result = {}
        for task in self.tasks:
            seen = Counter(s.kind(task) for s in self.students.values())
            result[task] = {kind: seen.get(kind, 0) for kind in KINDS}
        return result

    def is_stuck(self, student: StudentState) -> bool:
        """On the same failing check for ``stuck_after`` rounds or more."""
        return bool(student.stuck_check) and student.stuck_rounds >= self.stuck_after

    def stuck(self) -> list[StudentState]:
        return [s for s in self.ordered() if self.is_stuck(s)]

    def ordered(self) -> list[StudentState]:
        return sorted(self.students.values(), key=lambda s: (s.name.casefold(), s.name))
