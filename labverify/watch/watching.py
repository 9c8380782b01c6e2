"""A watch from its first round to its last: the rounds, the board, the files after each.

After every round the folder holds, each written atomically: every student's reports (only
from a round that finished for them: a stale student's stay as they were), ``rounds.jsonl``
with the round appended, ``state.json`` and ``index.html`` for the browser, and the gradebook
of the grades shown, as ``labverify grade --out`` writes it. A watch started again in its own
folder goes on from the rounds already there.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..batch import Student, student_dir
from ..catalogue import task_title
from ..outputs import refresh, write_text
from ..report.gradebook import GradebookRow, write_gradebook
from ..report.names import GRADEBOOK_FILE
from . import history
from .board import Board
from .page import REFRESH_SECONDS, render_page
from .rounds import Rounds
from .sighting import Sighting


@dataclass(frozen=True)
class Plan:
    out_dir: Path | None
    tasks: list[int]
    rounds: int | None = None  # stop after this many rounds
    until: datetime | None = None  # or once a round's clock would pass this
    every: float = 60.0  # seconds between the starts of two rounds
    clock: datetime | None = None  # a world's clock in round 1 (else the time now)
    tick: timedelta | None = None  # a world's clock advances this much per round
    lang: str = "en"
    stuck_after: int = 3
    page_refresh: float = REFRESH_SECONDS


class Watch:
    def __init__(self, students: Sequence[Student], rounds: Rounds, plan: Plan, *,
                 refused: Sequence[GradebookRow] = (),
                 sleep: Callable[[float], None] = time.sleep,
                 now: Callable[[], float] = time.monotonic) -> None:
        self.students = list(students)
        # Roster rows that could not be graded at all: in the gradebook as grade --out has them.
        self.refused = list(refused)
        self.rounds = rounds
        self.plan = plan
        self._sleep, self._now = sleep, now
        self.board = Board(list(plan.tasks), stuck_after=plan.stuck_after)
        self.folders = {s.name: self._folder(s) for s in self.students}
        for student in self.students:
            self.board.add_student(student.name, self.folders[student.name])
        self.written: set[str] = set()
        self.first = 1
        self.titles = {t: task_title(t, plan.lang) for t in plan.tasks}
        if plan.out_dir is not None and (plan.out_dir / history.ROUNDS_FILE).is_file():
            # Going on from an earlier watch in this folder: its rounds stay, numbering goes on.
            for record in history.read_rounds(plan.out_dir / history.ROUNDS_FILE):
                self.board.apply(record)
            self.first = self.board.round + 1

    def _folder(self, student: Student) -> str:
        if self.plan.out_dir is None:
            return ""
        return student_dir(self.plan.out_dir, student.name).relative_to(
            self.plan.out_dir).as_posix()

    def clock(self, number: int) -> datetime | None:
        """The clock a world is read at in round ``number`` (None: Azure's, the time now)."""
        if self.plan.clock is None:
            return None
        tick = self.plan.tick if self.plan.tick is not None else timedelta(
            seconds=self.plan.every)
        return self.plan.clock + (number - self.first) * tick

    def run(self, on_round: Callable[[Board], None] = lambda board: None) -> list[GradebookRow]:
        number = self.first
        self.start()
        while True:
            if self.plan.rounds is not None and number - self.first >= self.plan.rounds:
                break
            at = self.clock(number)
            if self.plan.until is not None and (at or datetime.now(UTC)) > self.plan.until:
                break
            started = self._now()
            self.round(number, at)
            on_round(self.board)
            number += 1
            last = self.plan.rounds is not None and number - self.first >= self.plan.rounds
            if not last:
                self._sleep(max(0.0, self.plan.every - (self._now() - started)))
        return self.gradebook_rows()

    def start(self) -> None:
        """The page and state before the first round (a browser opened now waits for it)."""
        self._write_views()

    def round(self, number: int, at: datetime | None) -> list[Sighting]:
        began, started = self._now(), history.now_text()
        sightings = self.rounds.grade(number, at)
        record = history.round_record(number, at or datetime.now(UTC), started,
                                      self._now() - began, sightings, self.folders)
        self.board.apply(record)
        if self.plan.out_dir is not None:
            self._write_round(sightings, record)
        return sightings

    def gradebook_rows(self) -> list[GradebookRow]:
        """The gradebook of the grades shown, from the rounds' records alone."""
        rows = []
        for student in self.students:
            state = self.board.students[student.name]
            shown = state.shown
            if shown is None or "gradebook_status" not in shown:
                rows.append(GradebookRow.failed(student.name, state.stale_reason or (
                    shown or {}).get("note", "") or "not graded in any round"))
                continue
            note = shown.get("gradebook_note", "")
            if state.stale_since is not None:
                stale = f"stale since round {state.stale_since}: {state.stale_reason}"
                note = "; ".join(p for p in (note, stale) if p)
            rows.append(GradebookRow(student.name,
                                     {int(n): float(v) for n, v in shown["earned"].items()},
                                     shown["score"], shown["max_score"],
                                     shown["gradebook_status"], note))
        return rows + self.refused

    # -- files ---------------------------------------------------------------------------------
    def _write_round(self, sightings: Sequence[Sighting], record: dict) -> None:
        out = self.plan.out_dir
        assert out is not None
        with _uninterrupted():
            self._write_round_files(out, sightings, record)

    def _write_round_files(self, out: Path, sightings: Sequence[Sighting], record: dict) -> None:
        for seen in sightings:
            if not seen.finished:
                continue  # a stale student's reports stay those of their last finished round
            folder = out / self.folders[seen.student]
            folder.mkdir(parents=True, exist_ok=True)
            for name, text in seen.reports.items():
                write_text(folder / name, text)
                self.written.add(f"{self.folders[seen.student]}/{name}")
        history.append_round(out, record)
        write_gradebook(out / GRADEBOOK_FILE, self.gradebook_rows(), self.plan.tasks)
        self._write_views()

    def _write_views(self) -> None:
        out = self.plan.out_dir
        if out is None:
            return
        out.mkdir(parents=True, exist_ok=True)
        data = history.state(self.board, self.titles, self.plan.lang)
        history.write_state(out, data)
        write_text(out / history.PAGE_FILE, render_page(data, self.plan.lang,
                                                        self.plan.page_refresh))
        files = [history.STATE_FILE, history.PAGE_FILE, *sorted(self.written)]
        for name in (history.ROUNDS_FILE, GRADEBOOK_FILE):
            if (out / name).is_file():
                files.append(name)
        # Files of reports written in an earlier watch here stay listed: they are still ours.
        refresh(out, history.WATCH_KIND, files + _earlier_reports(out))


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ctrl+C waits until a round's files are all written: the folder holds a round whole,
    never its history ahead of its state."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _earlier_reports(out: Path) -> list[str]:
    from ..outputs import manifest

    data = manifest(out) or {}
    return [f for f in data.get("files", []) if f.startswith("students/") and (out / f).is_file()]
