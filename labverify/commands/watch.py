"""``labverify watch``: a class graded round after round, drawn in the terminal and a web page.

``--roster`` grades the class live (rows with a world against the Azure double, as of the
round's clock; session rows replayed; other rows on Azure); ``--replay DIR`` draws the rounds
a watch kept again, writing nothing. Interrupting a watch (Ctrl+C) ends it after the files of
the last whole round: they stay as that round left them.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.live import Live

from ..batch import BatchSettings, Problem, Student, read_roster
from ..catalogue import ui
from ..config import load_config
from ..errors import LabverifyError
from ..features import validate_tables
from ..language import choose
from ..options import RunOptions
from ..outputs import MANIFEST, Place, guard, refreshable
from ..packing import is_pack, unpacked
from ..report.gradebook import NOT_GRADED, GradebookRow
from ..report.names import DEFAULT_OUT, GRADEBOOK_FILE
from ..run import run_inputs
from ..tasks import parse_tasks
from ..watch import history
from ..watch.board import Board
from ..watch.rounds import WATCH_FORMATS, Rounds, RoundSettings, shared_buckets
from ..watch.serve import FolderServer
from ..watch.terminal import render, summary
from ..watch.watching import Plan, Watch
from ..workers import default_workers

DEFAULT_EVERY = 60.0
REPLAY_EVERY = 1.0


def run(args: argparse.Namespace, console: Console) -> int:
    lang = choose(args.lang).lang
    if args.tick is not None and args.clock is None:
        raise LabverifyError("--tick moves the worlds' clock: give --clock too")
    if args.replay is not None:
        for flag, given in (("--out", args.out), ("--clock", args.clock),
                            ("--budget", args.budget), ("--jobs", args.jobs)):
            if given is not None:
                raise LabverifyError(f"{flag} is for watching a class; --replay only draws "
                                     "the rounds kept")
        return _replay(args, console, lang)
    if args.serve is not None and args.out is None:
        raise LabverifyError("--serve serves the watch's folder: give --out DIR")
    with contextlib.ExitStack() as packs:
        return _watch(args, console, lang,
                      lambda p: packs.enter_context(unpacked(p)) if is_pack(p) else p)


def _watch(args: argparse.Namespace, console: Console, lang: str, open_session) -> int:
    config = load_config(args.lab_config)
    validate_tables(config)
    tasks = parse_tasks(args.tasks, config)
    items = read_roster(args.roster, config.resource_group, open_session)
    if not items:
        raise LabverifyError(f"{args.roster}: no students: the roster has no row below its header")
    students = [i for i in items if isinstance(i, Student)]
    problems = [i for i in items if isinstance(i, Problem)]
    for problem in problems:
        print(f"error: {problem.message}", file=sys.stderr)
    if not students:
        raise LabverifyError(f"no student to watch: every row of {args.roster} was refused "
                             "(see the errors above)")
    if args.out is not None:
        _check_outputs(args.out, students, config, args.roster)
    settings = RoundSettings(
        BatchSettings(out_dir=args.out or DEFAULT_OUT, lab_config=args.lab_config,
                      tasks=args.tasks, formats=WATCH_FORMATS, lang=lang),
        budget_seconds=args.budget, refresh_every=args.refresh_every)
    every = DEFAULT_EVERY if args.every is None else args.every
    clock, tick = args.clock, args.tick
    if clock is None:
        clock, tick = _worlds_own_clock(students, args.rounds, every, console, lang)
    workers = min(args.jobs or default_workers(), len(students))
    buckets = shared_buckets(_worlds(students, clock)) if workers > 1 else {}
    plan = Plan(args.out, tasks, rounds=args.rounds, until=args.until, every=every,
                clock=clock, tick=tick, lang=lang, stuck_after=args.stuck)
    rounds = Rounds(students, settings, workers=workers, buckets=buckets)
    try:
        watch = Watch(students, rounds, plan, refused=[
            GradebookRow.failed(p.student, p.message) for p in problems if p.student])
        with contextlib.ExitStack() as stack:
            if args.serve is not None:
                server = stack.enter_context(FolderServer(args.out, args.serve))
                console.print(ui("watch.serving", lang, folder=str(args.out), url=server.url),
                              markup=False, highlight=False, soft_wrap=True)
            draw = _drawer(stack, console, lang, watch.board)
            try:
                rows = watch.run(draw)
            except KeyboardInterrupt:
                rows = watch.gradebook_rows()
    finally:
        rounds.close()
    if not console.is_terminal:
        console.print(render(watch.board, lang))
    if args.out is not None:
        console.print(ui("watch.written", lang, gradebook=str(args.out / GRADEBOOK_FILE),
                         page=str(args.out / history.PAGE_FILE)),
                      markup=False, highlight=False, soft_wrap=True)
    return 1 if problems or any(r.status == NOT_GRADED for r in rows) else 0


def _drawer(stack: contextlib.ExitStack, console: Console, lang: str, board: Board):
    """What is drawn after each round: the live board in a terminal, a summary line else."""
    if console.is_terminal:
        live = stack.enter_context(Live(render(board, lang), console=console,
                                        auto_refresh=False, vertical_overflow="crop"))

        def redraw(board: Board) -> None:
            live.update(render(board, lang), refresh=True)
        return redraw

    def line(board: Board) -> None:
        console.print(summary(board, lang), markup=False, highlight=False, soft_wrap=True)
    return line


def _worlds_own_clock(students: list[Student], rounds: int | None, every: float,
                      console: Console, lang: str) -> tuple[datetime | None, timedelta | None]:
    """Without --clock, a class whose worlds have timelines is watched on their own clock:
    from the earliest world's clock, and with --rounds N its N rounds spread evenly to the last
    step of any timeline (else --every of world time per round). Azure and sessions keep
    the time now. The choice is said, so nothing is silently assumed."""
    from ..double.world import timeline_span

    spans = [span for span in (timeline_span(s.world) for s in students if s.world is not None)
             if span is not None]
    if not spans:
        return None, None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if rounds is not None and rounds > 1 and end > start:
        tick = (end - start) / (rounds - 1)
    else:
        tick = timedelta(seconds=every)
    console.print(ui("watch.own_clock", lang, start=start.isoformat().replace("+00:00", "Z"),
                     minutes=f"{tick.total_seconds() / 60:g}"),
                  markup=False, highlight=False, soft_wrap=True)
    return start, tick


def _worlds(students: list[Student], clock) -> list:
    from ..double.world import load_world

    return [load_world(s.world, clock) for s in students if s.world is not None]


def _check_outputs(out: Path, students: list[Student], config, roster: Path) -> None:
    refreshable(out, history.WATCH_KIND, "--out folder")
    inputs = [Place(roster, "roster")]
    for student in students:
        mode = "replay" if student.session is not None else "live"
        inputs += run_inputs(config, RunOptions(mode=mode, session=student.session,
                                                world=student.world))
    written = [(Place(out / name, name), False)
               for name in (GRADEBOOK_FILE, MANIFEST, history.ROUNDS_FILE, history.STATE_FILE,
                            history.PAGE_FILE)]
    guard([*written, (Place(out / "students", "the reports folder"), True)], inputs)


def _replay(args: argparse.Namespace, console: Console, lang: str) -> int:
    records = history.read_rounds(args.replay / history.ROUNDS_FILE)
    if not records:
        raise LabverifyError(f"{args.replay / history.ROUNDS_FILE}: no round to draw")
    tasks = sorted({int(t) for r in records for s in r["students"].values() for t in s["tasks"]})
    if args.tasks:
        wanted = set(parse_tasks(args.tasks, load_config(args.lab_config)))
        tasks = [t for t in tasks if t in wanted]
    board = Board(tasks, stuck_after=args.stuck)
    every = REPLAY_EVERY if args.every is None else args.every
    if args.rounds is not None:
        records = records[:args.rounds]
    with contextlib.ExitStack() as stack:
        draw = _drawer(stack, console, lang, board)
        for number, record in enumerate(records):
            if args.until is not None and _moment(record["at"]) > args.until:
                break
            board.apply(record)
            draw(board)
            if number < len(records) - 1:
                time.sleep(every)
    if not console.is_terminal:
        console.print(render(board, lang))
    return 0


def _moment(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))
