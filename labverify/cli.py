"""The ``labverify`` command: grade a session or live Azure, synthesize sessions, check data."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from . import __version__, cli_args, cli_class
from .config import load_config
from .errors import LabverifyError
from .features import validate_tables
from .grade import grade
from .grading import GradeRequest, run_scenarios
from .hints import LANGUAGES
from .options import OPTIONS, RunOptions, add_grade_arguments, single_student_options
from .outputs import Place, file_target, guard
from .paths import BUNDLED_SESSION, IN_CHECKOUT
from .report.provenance import live_provenance, replay_provenance
from .report.results import write_results
from .report.scorecard import print_scorecard
from .run import check_recording, check_session, check_sources, resolved, run_inputs
from .tasks import parse_tasks

# Options that describe a live student's machine or identity: a recorded session holds them.
LIVE_ONLY = ("student_python", "labfiles", "subscription_id", "principal_id")


def _grade_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade", help="grade a recorded session (default: the bundled one) "
                                     "or live Azure")
    p.add_argument("session", nargs="*", type=cli_args.session_path,
                   help=f"recorded session: a folder, a packed .zip, or a bundled session's "
                        f"name (default: {BUNDLED_SESSION.name}); several grade a class")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--live", action="store_true", help="grade live Azure; write nothing")
    mode.add_argument("--record", type=cli_args.folder, metavar="DIR",
                      help="grade live Azure and record the session into DIR")
    p.add_argument("--json", type=cli_args.file_path, metavar="PATH",
                   help="write the results (Gradescope's format) to PATH")
    add_grade_arguments(p)  # the run's own options, from labverify.options
    p.add_argument("--lang", choices=LANGUAGES, default="en",
                   help="language of the hints (zh-TW: the handout's)")
    p.add_argument("-v", "--verbose", action="store_true", help="show pytest's own output")
    cli_class.add_grade_many_args(p)


def _synth_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="record sessions from world files with the Azure double")
    p.add_argument("worlds", nargs="*", type=cli_args.world_path,
                   help="world files or bundled worlds by name (default: all bundled)")
    p.add_argument("--out", type=cli_args.folder, help="session directory (one world only)")
    p.add_argument("--force", action="store_true",
                   help="with --out: replace a session labverify wrote there")
    p.add_argument("--lab-config", type=Path, help="lab configuration TOML")


def _costs_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("costs", help="list fine-tuned deployments that bill by the hour")
    p.add_argument("session", nargs="?", type=cli_args.session_path,
                   help="recorded session, or a bundled one's name (default: the bundled one)")
    p.add_argument("--live", action="store_true", help="read live Azure")
    p.add_argument("--world", type=cli_args.world_path,
                   help="with --live: the local Azure double's world (a file or a bundled name)")
    p.add_argument("--subscription", dest="subscription_id", help="subscription id (live)")
    p.add_argument("--lab-config", type=Path, help="lab configuration TOML")


def build_parser() -> argparse.ArgumentParser:
    parser = cli_args.Parser(prog="labverify", description=__doc__)
    parser.add_argument("--version", action="version", version=f"labverify {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _grade_parser(sub)
    _synth_parser(sub)
    cli_class.add_subcommands(sub)
    _costs_parser(sub)
    try:
        from . import cli_data
    except ImportError:  # the dataset checker is optional at import time
        cli_data = None  # type: ignore[assignment]
    if cli_data is not None:
        cli_data.add_parser(sub)
    return parser


def grade_command(args: argparse.Namespace, console: Console) -> int:
    if cli_class.wants_batch(args):
        return cli_class.run_batch(args, console)
    args.session = args.session[0] if args.session else None
    config = load_config(args.lab_config)
    validate_tables(config)
    parse_tasks(args.tasks, config)  # reject a bad selection before anything runs
    if args.world and not (args.live or args.record):
        raise LabverifyError("--world needs --live or --record")
    if args.carry_out and not (args.live or args.record or args.session):
        raise LabverifyError("--carry-out changes Azure: it needs --live or --record")
    if args.force and not args.record:
        raise LabverifyError("--force replaces a recorded session: it goes with --record DIR")
    meta = None
    if args.live or args.record:
        mode, session = ("record", args.record) if args.record else ("live", None)
        if args.session:
            raise LabverifyError("a session directory is replayed; do not combine it "
                                 "with --live or --record")
        title = "live Azure" if args.world is None else f"Azure double ({args.world})"
    else:
        for option in single_student_options():
            if option.field in LIVE_ONLY and getattr(args, option.field):
                raise LabverifyError(f"{option.cli_flag} describes a live student; a recorded "
                                     "session holds what it saw: drop it, or grade with --live")
        mode, session = "replay", args.session or BUNDLED_SESSION
        meta = check_session(session)
        if meta.lab_config_digest != config.digest:
            console.print(f"[yellow]note:[/] {session} was recorded under another lab "
                          "configuration; checks use the current one.")
        title = f"{session} ({meta.origin}, {meta.taken_at})"
    options = resolved(RunOptions(**{o.field: getattr(args, o.field) for o in OPTIONS
                                     if o.cli_flag is not None}, mode=mode, session=session))
    if args.world is not None:
        from .double.world import load_world

        check_sources(options, load_world(args.world))
    # Every output path is settled before anything runs or is written.
    if mode == "record":
        check_recording(config, options)
    if args.json:
        file_target(args.json, "--json")
        extra = [Place(args.record, "session folder")] if args.record else []
        guard([(Place(args.json, "--json file"), False)], run_inputs(config, options) + extra)
    outcome = run_scenarios(GradeRequest(**vars(options), echo=args.verbose))
    if not outcome.results:
        console.print(outcome.output, markup=False, highlight=False)
        raise LabverifyError("no scenario ran; see pytest's output above")
    provenance = (replay_provenance(session, meta, config) if meta is not None
                  else live_provenance(config, args.world))
    student = session.name if session is not None else "student"
    graded = grade(student, outcome.results, config, provenance=provenance, lang=args.lang,
                   notes=outcome.notes, costs=outcome.costs)
    print_scorecard(console, graded, title)
    if args.json:
        write_results(args.json, graded)
        console.print(f"Results written to {args.json}", markup=False, highlight=False,
                      soft_wrap=True)
    return 0 if graded.all_passed else 1


def synth(args: argparse.Namespace, console: Console) -> int:
    from .synth import all_worlds, session_for, synthesize

    if not args.worlds and not args.out and not IN_CHECKOUT:
        raise LabverifyError("synth without a world regenerates the bundled sessions of a "
                             "labverify checkout; name a world and give --out DIR")
    worlds = args.worlds or all_worlds()
    if args.out and len(worlds) != 1:
        raise LabverifyError("--out takes exactly one world file")
    config = load_config(args.lab_config)
    # Without --out, synth regenerates the bundled sessions in place: that is what it is for,
    # so each is replaced (only ever a session labverify wrote, by its manifest) unasked.
    force = args.force or not args.out
    plans = [(world, args.out or session_for(world)) for world in worlds]
    for world, out in plans:  # every target checked before any is written
        check_recording(config, RunOptions(mode="record", world=world, session=out, force=force))
    for world, out in plans:
        outcome = synthesize(world, out, lab_config=args.lab_config, force=force)
        counts: dict[str, int] = {}
        for r in outcome.results:
            counts[r.verdict.value] = counts.get(r.verdict.value, 0) + 1
        summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
        console.print(f"{world} -> {out}: {summary}", markup=False, highlight=False)
    return 0


def cost_guard(args: argparse.Namespace, console: Console) -> int:
    from .checks.resource import lab_account
    from .run import LabRun

    config = load_config(args.lab_config)
    mode = "live" if args.live else "replay"
    session = None if args.live else (args.session or BUNDLED_SESSION)
    # Costs need no role check, so no principal: that spares a token request for it.
    run = LabRun(config, RunOptions(mode=mode, session=session, world=args.world,
                                    subscription_id=args.subscription_id, principal_id="-"))
    try:
        account = lab_account(run.reads.accounts, config)
        deployments = run.reads.deployments(account.name)
    except Exception as exc:  # LabFail / CouldNotVerify carry a message for a person
        raise LabverifyError(getattr(exc, "message", str(exc))) from None
    finally:
        run.finish()
    del deployments  # read and kept by the run; its cost lines come from that one read
    lines = run.cost_lines()
    for line in lines:
        console.print(line.describe(), markup=False, highlight=False)
    if not lines:
        console.print(f"No fine-tuned deployment of {account.name} bills by the hour.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    console = Console()
    try:
        args = parser.parse_args(argv)
        if args.command == "grade":
            return grade_command(args, console)
        if args.command == "synth":
            return synth(args, console)
        if args.command == "costs":
            return cost_guard(args, console)
        if args.command in ("merge", "compare"):
            return cli_class.run_command(args, console)
        from . import cli_data
        return cli_data.run(args)
    except LabverifyError as exc:
        # Plain print: a located message must stay on one line, whatever the terminal width.
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
