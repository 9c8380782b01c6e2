"""Grading a class from the command line (``grade SESSION...``/``--roster``), ``merge``, ``compare``."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..batch import (
    BatchSettings,
    OpenSession,
    Problem,
    Student,
    grade_all,
    read_roster,
    report_files,
    select_shard,
    students_from_sessions,
)
from ..catalogue import ui
from ..config import LabConfig, load_config
from ..errors import LabverifyError
from ..features import known_check_ids, validate_tables
from ..grade import format_points
from ..language import choose
from ..options import RunOptions, single_student_options
from ..outputs import MANIFEST, Place, file_target, guard, refresh, refreshable, write_text
from ..packing import is_pack, unpacked
from ..report.compare import compare, describe, load_grading
from ..report.gradebook import NOT_GRADED, GradebookRow, merge_gradebooks, status_text, write_gradebook
from ..report.names import DEFAULT_OUT, GRADEBOOK_FILE, GRADES_KIND, REPORT_FORMATS
from ..report.waivers import load_waivers, parse_as_of
from ..run import run_inputs
from ..tasks import parse_tasks
from ..workers import default_workers

# Options of ``grade`` that describe one student; a class gives each student's in its roster
# rows or sessions, so taking one value for everyone would grade the wrong work. The run's own
# options say so in labverify.options; these are the command's.
COMMAND_SINGLE_STUDENT = (
    ("live", "--live", "a class takes live students from --roster rows"),
    ("record", "--record", "record each student alone, then grade the sessions as a class"),
    ("json", "--json", "a class writes results.json per student under --out"),
    ("verbose", "--verbose", "grade that student's session alone to see pytest's output"),
)
SINGLE_STUDENT_OPTIONS = COMMAND_SINGLE_STUDENT + tuple(
    (o.field, o.cli_flag, o.for_a_class) for o in single_student_options())


def _formats(text: str | None) -> tuple[str, ...]:
    if not text:
        return REPORT_FORMATS
    chosen = tuple(f.strip() for f in text.split(",") if f.strip())
    for name in chosen:
        if name not in REPORT_FORMATS:
            raise LabverifyError(f"--formats: {name!r} is not one of {', '.join(REPORT_FORMATS)}")
    return chosen


def run_batch(args: argparse.Namespace, console: Console) -> int:
    """Grade every student; 0 when all were graded, 1 when any could not be, 2 on bad input."""
    with contextlib.ExitStack() as packs:
        # A pack is unpacked for as long as the class is graded, then removed.
        return _run_batch(args, console,
                          lambda p: packs.enter_context(unpacked(p)) if is_pack(p) else p)


def _run_batch(args: argparse.Namespace, console: Console, open_session: OpenSession) -> int:
    for name, flag, instead in SINGLE_STUDENT_OPTIONS:
        if getattr(args, name, None):
            raise LabverifyError(f"{flag} is for grading one student; {instead}")
    sessions = args.session if isinstance(args.session, list) else [args.session]
    sessions = [s for s in sessions if s is not None]
    if args.roster and sessions:
        raise LabverifyError("give session directories or --roster, not both")
    config = load_config(args.lab_config)
    validate_tables(config)
    task_numbers = parse_tasks(args.tasks, config)
    waivers = load_waivers(args.waivers, set(known_check_ids())) if args.waivers else []
    settings = BatchSettings(out_dir=args.out or DEFAULT_OUT, lab_config=args.lab_config,
                             tasks=args.tasks, waivers=tuple(waivers),
                             as_of=parse_as_of(args.as_of), formats=_formats(args.formats),
                             lang=choose(getattr(args, "lang", None)).lang,
                             wait_seconds=getattr(args, "wait_seconds", 0.0) or 0.0)
    if args.roster:
        items = read_roster(args.roster, config.resource_group, open_session)
        if not items:
            raise LabverifyError(f"{args.roster}: no students: the roster has no row below its "
                                 "header")
    elif sessions:
        items = students_from_sessions(sessions, open_session)
    else:
        raise LabverifyError("nothing to grade: give session directories or --roster CSV")
    everyone = len(items)
    items = select_shard(items, args.shard)
    if not items:
        raise LabverifyError(f"--shard {args.shard}: this part of the class holds no student "
                             f"(the class has {everyone}); use fewer shards")
    students = [i for i in items if isinstance(i, Student)]
    problems = [i for i in items if isinstance(i, Problem)]
    for problem in problems:
        print(f"error: {problem.message}", file=sys.stderr)
    if not students:
        source = args.roster or "the sessions given"
        raise LabverifyError(f"no student to grade: every row of {source} was refused "
                             "(see the errors above)")
    check_outputs(settings.out_dir, students, config, settings,
                  [Place(p, what) for p, what in ((args.roster, "roster"),
                                                   (args.waivers, "waiver file")) if p])
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=console, transient=True)
    rows = grade_all(students, settings, workers=args.jobs or default_workers(),
                     progress=progress)
    for row in rows:
        if row.status == NOT_GRADED:
            print(f"error: {row.note}", file=sys.stderr)
    rows += [GradebookRow.failed(p.student, p.message) for p in problems if p.student]
    gradebook = settings.out_dir / GRADEBOOK_FILE
    write_gradebook(gradebook, rows, task_numbers)
    refresh(settings.out_dir, GRADES_KIND,
            [GRADEBOOK_FILE, *report_files(settings.out_dir, students, settings.formats)])
    _print_summary(console, rows, settings.lang)
    console.print(ui("class.written", settings.lang, gradebook=str(gradebook),
                     reports=str(settings.out_dir / "students")),
                  markup=False, highlight=False, soft_wrap=True)
    failed = not items or problems or any(r.status == NOT_GRADED for r in rows)
    return 1 if failed else 0


def check_outputs(out_dir: Path, students: list[Student], config: LabConfig,
                  settings: BatchSettings, others: list[Place]) -> None:
    """Refuse an --out folder that is not labverify's, or whose files would touch an input."""
    refreshable(out_dir, GRADES_KIND, "--out folder")
    inputs = list(others)
    for student in students:
        mode = "replay" if student.session is not None else "live"
        inputs += run_inputs(config, RunOptions(mode=mode, session=student.session,
                                                world=student.world))
    written = [(Place(out_dir / GRADEBOOK_FILE, "the gradebook"), False),
               (Place(out_dir / MANIFEST, "the manifest"), False),
               (Place(out_dir / "students", "the reports folder"), True)]
    guard(written, inputs)


def _print_summary(console: Console, rows: list[GradebookRow], lang: str) -> None:
    table = Table(title=ui("class.title", lang))
    table.add_column(ui("class.column.student", lang))
    table.add_column(ui("class.column.score", lang), justify="right")
    table.add_column(ui("class.column.status", lang))
    for row in sorted(rows, key=lambda r: (r.student.casefold(), r.student)):
        score = (f"{format_points(row.total)} / {format_points(row.max_score)}"
                 if row.total is not None and row.max_score is not None else "")
        # Names are the roster's text, never rich markup.
        table.add_row(Text(row.student), score, status_text(row, lang))
    console.print(table)


def run_command(args: argparse.Namespace, console: Console) -> int:
    """``merge`` and ``compare``."""
    if args.command == "merge":
        if args.out:
            file_target(args.out, "--out")
            guard([(Place(args.out, "--out file"), False)],
                  [Place(p, "gradebook") for p in args.gradebooks])
        merged = merge_gradebooks(args.gradebooks)
        if args.out:
            write_text(args.out, merged)
            console.print(f"Merged {len(args.gradebooks)} gradebooks into {args.out}",
                          markup=False, highlight=False, soft_wrap=True)
        else:
            sys.stdout.write(merged)
        return 0
    if args.command == "compare":
        result = compare(load_grading(args.a, tasks=args.tasks, lab_config=args.lab_config),
                         load_grading(args.b, tasks=args.tasks, lab_config=args.lab_config))
        for line in describe(result):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        return 0 if result.same else 1
    raise LabverifyError(f"unknown command {args.command!r}")
