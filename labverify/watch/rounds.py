"""Grading a class round after round: one Grade per student per round, read-only.

Each round grades every student as ``labverify grade --out`` does (``batch.grade_once``), with
what a watch adds: a world is read as of the round's clock; live reads are paced within ARM's
read limit and bounded by the round's budget, so throttling slows a round and, past the budget,
leaves the student's grade stale instead of failing them; answers that cannot change (a jobs
list whose jobs ended) are carried to the student's next round, and every ``refresh_every``-th
round reads everything again. The workers are started once and grade every round, so the
plugin, the features and the SDKs load once per worker.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..batch import RENDERERS, BatchSettings, Student, _context, grade_once
from ..errors import LabverifyError
from ..report.names import REPORT_FILES
from ..report.redact import redact_text
from .sighting import Sighting

# The reports a watch keeps per student (the page links to report.html).
WATCH_FORMATS = ("html", "markdown", "gradescope", "junit")


@dataclass(frozen=True)
class RoundSettings:
    batch: BatchSettings
    budget_seconds: float | None = None  # per student per round; None: the lab config's
    refresh_every: int = 5  # every N-th round reads everything again


def watch_student(student: Student, settings: RoundSettings, at: datetime | None,
                  known: dict[str, Any]) -> Sighting:
    """One student's round; never raises: what stops it is the sighting's note."""
    started = time.monotonic()
    changes: dict[str, Any] = {"known_reads": known}
    if student.session is None:  # live: Azure, or the double serving the student's world
        changes.update(pace_reads=True, budget_seconds=settings.budget_seconds)
        if student.world is not None:
            changes["world_at"] = at
    try:
        graded, outcome = grade_once(student, settings.batch, ["--tb=no"], **changes)
    except LabverifyError as exc:
        return Sighting(student.name, note=redact_text(str(exc)),
                        seconds=time.monotonic() - started)
    except Exception as exc:  # one student's crash must not stop the class's watch
        return Sighting(student.name, note=redact_text(
            f"{student.where}: labverify failed: {type(exc).__name__}: {exc}"),
            seconds=time.monotonic() - started)
    reports = {REPORT_FILES[name]: RENDERERS[name](graded)
               for name in settings.batch.formats if name in RENDERERS}
    return Sighting.from_grade(graded, reports=reports, final_reads=outcome.final_reads,
                               reads=tuple(outcome.reads),
                               paced_seconds=outcome.paced_seconds, throttled=outcome.throttled,
                               seconds=time.monotonic() - started)


def _install_buckets(buckets: dict[str, Any]) -> None:
    from ..double import throttle

    throttle.install(buckets)


class _InProcess(Executor):
    """One student after another in this process (``--jobs 1``)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        from concurrent.futures import Future

        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # pragma: no cover - watch_student does not raise
            future.set_exception(exc)
        return future


class Rounds:
    """The class's rounds: ``grade(n, at)`` grades everyone once, in the workers."""

    def __init__(self, students: Sequence[Student], settings: RoundSettings, *,
                 workers: int = 1, buckets: dict[str, Any] | None = None) -> None:
        self.students = list(students)
        self.settings = settings
        self.known: dict[str, dict[str, Any]] = {}  # per student: answers found final
        self.workers = max(1, min(workers, len(self.students)))
        if buckets:
            _install_buckets(buckets)
        if self.workers == 1:
            self._pool: Executor = _InProcess()
        else:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(),
                                             initializer=_install_buckets,
                                             initargs=(buckets or {},))
            # Start every worker now, before a display's thread makes forking unsafe.
            for future in [self._pool.submit(time.sleep, 0) for _ in range(self.workers)]:
                future.result()

    def grade(self, number: int, at: datetime | None) -> list[Sighting]:
        refresh = number == 1 or (self.settings.refresh_every > 0
                                  and (number - 1) % self.settings.refresh_every == 0)
        futures = [self._pool.submit(watch_student, student, self.settings, at,
                                     {} if refresh else self.known.get(student.name, {}))
                   for student in self.students]
        sightings = []
        for student, future in zip(self.students, futures, strict=True):
            try:
                seen = future.result()
            except Exception as exc:  # a worker process died (killed, out of memory)
                seen = Sighting(student.name, note=f"{student.where}: the worker grading this "
                                                   f"student stopped ({type(exc).__name__})")
            if seen.finished:
                self.known[student.name] = seen.final_reads
            sightings.append(seen)
        return sightings

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def shared_buckets(worlds: Sequence[Any]) -> dict[str, Any]:
    """One bucket per throttled subscription of the class, shared by every worker process."""
    from ..double.throttle import SharedBucket

    context = multiprocessing.get_context(_context().get_start_method())
    buckets: dict[str, Any] = {}
    for world in worlds:
        if world.throttle and world.subscription_id.lower() not in buckets:
            buckets[world.subscription_id.lower()] = SharedBucket(
                world.throttle["reads_per_second"], world.throttle["burst"], context)
    return buckets
