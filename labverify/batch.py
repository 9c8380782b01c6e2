"""Grading a class: many students, graded in worker processes, one report folder each.

Each student is graded by ``grade_student`` alone: one ``run_scenarios`` call, then that
student's reports, written from that call's results only. Nothing of one student is passed to
another's grading, so a worker that grades several students in turn cannot mix them up.
The students come from session directories or from a roster CSV (``read_roster``);
``--shard i/N`` picks every N-th of them so a CI matrix can share a class across machines, and
``labverify merge`` joins the shards' gradebooks.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rich.progress import Progress

from .config import load_config
from .errors import LabverifyError, LocatedError, read_input
from .grade import Grade, grade
from .grading import GradeOutcome, GradeRequest, run_scenarios
from .language import parse as parse_language
from .options import RunOptions
from .outputs import write_text
from .packing import is_pack
from .recording.session import read_meta
from .report.gradebook import GradebookRow
from .report.html import render_html
from .report.junit import render_junit
from .report.markdown import render_markdown
from .report.names import REPORT_FILES, REPORT_FORMATS
from .report.provenance import live_provenance, replay_provenance
from .report.redact import redact_text
from .report.results import results_text
from .report.waivers import Waiver, decide
from .run import check_session, session_options

# Turns a session as given (a folder, or a pack) into the folder to grade.
OpenSession = Callable[[Path], Path]


@dataclass(frozen=True)
class Student:
    """One student to grade: a recorded session, or live (real Azure or a world file)."""

    name: str
    where: str  # roster file:line, or the session directory, for messages
    session: Path | None = None
    world: Path | None = None
    subscription_id: str | None = None
    principal_id: str | None = None
    lang: str | None = None  # the roster's lang column; None: the class's language


@dataclass(frozen=True)
class Problem:
    """An input that cannot be graded, with its located message; other students still grade."""

    message: str
    student: str | None = None


@dataclass(frozen=True)
class BatchSettings:
    out_dir: Path
    lab_config: Path | None = None
    tasks: str | None = None
    waivers: tuple[Waiver, ...] = ()
    as_of: dt.date = field(default_factory=dt.date.today)
    formats: tuple[str, ...] = REPORT_FORMATS
    lang: str = "en"
    # How long each student's grading may wait for a job or deployment still in progress.
    wait_seconds: float = 0.0


# -- inputs -------------------------------------------------------------------------------------

def _same(path: Path) -> Path:
    return path


def students_from_sessions(paths: Sequence[Path], open_session: OpenSession = _same
                           ) -> list[Student | Problem]:
    """One student per session (a folder, or a pack ``open_session`` unpacks), named after it,
    sorted by name for stable shards."""
    items: list[Student | Problem] = []
    seen: dict[str, Path] = {}
    for path in sorted(paths, key=lambda p: (_name(p), str(p))):
        name = _name(path)
        if name in seen:
            items.append(Problem(f"{path}: another session is also named {name!r} "
                                 f"({seen[name]}); students are named after their session"))
            continue
        seen[name] = path
        try:
            folder = open_session(path)
            check_session(folder)
        except LabverifyError as exc:
            items.append(Problem(str(exc), student=name))
            continue
        items.append(Student(name, str(path), session=folder))
    return items


def _name(path: Path) -> str:
    return path.stem if is_pack(path) else path.name


ROSTER_COLUMNS = ("student", "subscription_id", "resource_group", "principal_id", "session", "world",
                  "lang")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def read_roster(path: Path, resource_group: str,
                open_session: OpenSession = _same) -> list[Student | Problem]:
    """The roster's rows in file order: a Student for each good row, a Problem for each bad one.

    A problem with the file as a whole (missing, unknown column) is raised instead.
    """
    text = read_input(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    for column in header:
        if column not in ROSTER_COLUMNS:
            raise LocatedError(path, f"unknown column (columns: {', '.join(ROSTER_COLUMNS)})",
                               line=1, field=column or "(empty)")
        if header.count(column) > 1:
            raise LocatedError(path, "column appears twice", line=1, field=column)
    if "student" not in header:
        raise LocatedError(path, "the roster needs a student column", line=1)
    items: list[Student | Problem] = []
    seen: dict[str, int] = {}
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        line = reader.line_num
        if len(cells) > len(header):
            name = cells[header.index("student")].strip()
            named = bool(name) and name not in seen
            if named:
                seen[name] = line
            items.append(Problem(str(LocatedError(
                path, f"{len(cells)} cells, the header has {len(header)}", line=line)),
                name if named else None))
            continue
        row = {column: (cells[i].strip() if i < len(cells) else "")
               for i, column in enumerate(header)}
        items.append(_roster_row(path, line, row, seen, resource_group, open_session))
    return items


def _roster_row(path: Path, line: int, row: dict[str, str], seen: dict[str, int],
                resource_group: str, open_session: OpenSession) -> Student | Problem:
    name = row.get("student", "")

    def problem(column: str, message: str, student: str | None = name) -> Problem:
        return Problem(str(LocatedError(path, message, line=line, field=column)), student)

    if not name:
        return problem("student", "missing: every row names its student", None)
    if name in seen:
        return problem("student", f"{name!r} is already on line {seen[name]}", None)
    seen[name] = line
    where = f"{path}:{line}"
    lang = None
    if row.get("lang"):
        try:
            lang = parse_language(row["lang"])
        except ValueError as exc:
            return problem("lang", str(exc))
    session, world = row.get("session", ""), row.get("world", "")
    if session and world:
        return problem("world", "a row has a session or a world, not both")
    for column in ("subscription_id", "principal_id"):
        value = row.get(column, "")
        if value and not _GUID.match(value):
            return problem(column, f"{value!r} is not a GUID")
    if session:
        try:
            directory = open_session(path.parent / session)
            check_session(directory)
        except LabverifyError as exc:
            return problem("session", str(exc))
        return Student(name, where, session=directory, lang=lang)
    subscription, principal = row.get("subscription_id") or None, row.get("principal_id") or None
    if world:
        if not (path.parent / world).is_file():
            return problem("world", f"{path.parent / world}: world file not found")
        return Student(name, where, world=path.parent / world, subscription_id=subscription,
                       principal_id=principal, lang=lang)
    if not subscription:
        return problem("subscription_id", "missing: a row without a session or world is graded "
                                          "live and needs the student's subscription")
    if not principal:
        return problem("principal_id", "missing: live grading needs the student's object id, "
                                       "or the grader's own role assignments would be checked")
    group = row.get("resource_group", "")
    if group and group != resource_group:
        return problem("resource_group", f"{group!r} is not the lab config's resource group "
                                         f"{resource_group!r}; grade this student with a lab "
                                         "config (--lab-config) naming theirs")
    return Student(name, where, subscription_id=subscription, principal_id=principal, lang=lang)


def parse_shard(spec: str) -> tuple[int, int]:
    found = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", spec or "")
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise LabverifyError(f"--shard: {spec!r} is not i/N with 1 <= i <= N (e.g. 2/4)")
    return int(found.group(1)), int(found.group(2))


def select_shard(items: list[Any], spec: str | None) -> list[Any]:
    """Every N-th item from the i-th: balanced, and the same split on every machine."""
    if not spec:
        return list(items)
    index, count = parse_shard(spec)
    return items[index - 1::count]


# -- one student ------------------------------------------------------------------------------

def student_dir(out_dir: Path, name: str) -> Path:
    """A folder name safe on every file system, distinct for distinct students."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "student"
    # Changed or mixed-case names get a digest: "Ann" and "ann" may share a folder otherwise.
    if safe != name or name != name.lower():
        safe += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return out_dir / "students" / safe


def normalize_cucumber(path: Path, target: Path) -> None:
    """pytest-bdd's Cucumber JSON at ``path`` into ``target``, without step durations (they
    differ on every run)."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k != "duration"}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return redact_text(value) if isinstance(value, str) else value

    data = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    write_text(target, json.dumps(clean(data), indent=2, ensure_ascii=False) + "\n")


RENDERERS = {"gradescope": results_text, "html": render_html, "markdown": render_markdown,
             "junit": render_junit}


def write_student_reports(folder: Path, graded: Grade, formats: Sequence[str]) -> list[Path]:
    """Each report written atomically; the files written, in order."""
    written = []
    for name in formats:
        if name in RENDERERS:
            path = folder / REPORT_FILES[name]
            write_text(path, RENDERERS[name](graded))
            written.append(path)
    return written


def grade_once(student: Student, settings: BatchSettings, extra_args: Sequence[str] = (),
               **changes: Any) -> tuple[Grade, GradeOutcome]:
    """One grading of ``student`` and its Grade; ``changes`` adjust the run's options (a watch
    reads a world at its round's clock, paces its reads, carries known reads)."""
    config = load_config(settings.lab_config)
    class_wide = {"tasks": settings.tasks, "lab_config": settings.lab_config,
                  "wait_seconds": settings.wait_seconds, "lang": student.lang or settings.lang}
    if student.session is not None:
        options = replace(session_options(student.session), **class_wide)
        provenance = replay_provenance(student.session, read_meta(student.session), config)
    else:
        options = RunOptions(mode="live", world=student.world,
                             subscription_id=student.subscription_id,
                             principal_id=student.principal_id, remote_student=True, **class_wide)
        provenance = live_provenance(config, student.world)
    known = changes.pop("known_reads", {})
    options = replace(options, **changes)
    outcome = run_scenarios(GradeRequest(**vars(options), extra_args=list(extra_args),
                                         known_reads=known))
    if not outcome.results:
        lines = [line for line in outcome.output.splitlines() if line.strip()]
        raise LabverifyError(f"{student.where}: no scenario ran"
                             + (f": {lines[-1].strip()}" if lines else ""))
    decisions = decide(list(settings.waivers), student.name,
                       [r.check_id for r in outcome.results], settings.as_of)
    graded = grade(student.name, outcome.results, config, waivers=decisions,
                   provenance=provenance, lang=options.lang or settings.lang,
                   notes=outcome.notes, costs=outcome.costs)
    return graded, outcome


def _grade_student(student: Student, settings: BatchSettings) -> GradebookRow:
    folder = student_dir(settings.out_dir, student.name)
    folder.mkdir(parents=True, exist_ok=True)
    # --tb=no: nobody reads pytest's tracebacks here, and formatting the deep ones of retried
    # Azure calls took ten times longer than grading a session.
    extra = ["--tb=no"]
    # pytest-bdd writes its file as it likes; it is cleaned, then moved into place whole.
    raw_cucumber = folder / f".{REPORT_FILES['cucumber']}.{os.getpid()}.raw"
    if "cucumber" in settings.formats:
        extra += ["--cucumberjson", str(raw_cucumber)]
    graded, _ = grade_once(student, settings, extra)
    write_student_reports(folder, graded, settings.formats)
    if raw_cucumber.is_file():
        normalize_cucumber(raw_cucumber, folder / REPORT_FILES["cucumber"])
    return GradebookRow.from_grade(graded)


def report_files(out_dir: Path, students: Sequence[Student], formats: Sequence[str]) -> list[str]:
    """The report files of ``students`` now under ``out_dir``, relative, for its manifest."""
    found = []
    for student in students:
        folder = student_dir(out_dir, student.name)
        for name in formats:
            path = folder / REPORT_FILES[name]
            if path.is_file():
                found.append(path.relative_to(out_dir).as_posix())
    return found


def grade_student(student: Student, settings: BatchSettings) -> GradebookRow:
    """Grade one student and write their reports; a failure becomes their gradebook note."""
    try:
        try:
            return _grade_student(student, settings)
        finally:
            for raw in student_dir(settings.out_dir, student.name).glob(".cucumber.json.*.raw"):
                raw.unlink(missing_ok=True)  # a grading that stopped half-way
    except LabverifyError as exc:
        return GradebookRow.failed(student.name, redact_text(str(exc)))
    except Exception as exc:  # one student's crash must not cost the class its grades
        return GradebookRow.failed(student.name, redact_text(
            f"{student.where}: labverify failed: {type(exc).__name__}: {exc}"))


# -- the class ----------------------------------------------------------------------------------

def _context() -> multiprocessing.context.BaseContext:
    # fork gives each worker the already imported SDKs and pytest for free, but is only safe
    # while this process runs a single thread; spawn elsewhere and on other systems.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def grade_all(students: Sequence[Student], settings: BatchSettings, *, workers: int = 1,
              progress: Progress | None = None) -> list[GradebookRow]:
    """Grade every student, in ``workers`` processes when more than one; rows in input order."""
    display = progress if progress is not None else contextlib.nullcontext()
    bar = progress.add_task("Grading", total=len(students)) if progress is not None else None

    def advance() -> None:
        if progress is not None and bar is not None:
            progress.advance(bar)

    if workers <= 1 or len(students) <= 1:
        rows = []
        with display:
            for student in students:
                rows.append(grade_student(student, settings))
                advance()
        return rows
    by_student: dict[str, GradebookRow] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(students)),
                             mp_context=_context()) as pool:
        futures = {pool.submit(grade_student, s, settings): s for s in students}
        # The pool has forked its workers by now; the progress display's thread starts after.
        try:
            with display:
                for future in as_completed(futures):
                    student = futures[future]
                    try:
                        by_student[student.name] = future.result()
                    except Exception as exc:  # a worker process died (killed, out of memory)
                        by_student[student.name] = GradebookRow.failed(
                            student.name, f"{student.where}: the worker grading this student "
                                          f"stopped ({type(exc).__name__})")
                    advance()
        except BaseException:
            # Interrupted: do not start the students still queued.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [by_student[s.name] for s in students]
