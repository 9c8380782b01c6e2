"""The ``labverify`` command: grade a session or live Azure, synthesize sessions, check data.

This module only parses: each subcommand is imported when it runs, so ``labverify --version``
and ``--help`` load neither pytest nor any SDK.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cli_args
from .errors import LabverifyError
from .options import add_grade_arguments
from .paths import BUNDLED_SESSION
from .report.names import DEFAULT_OUT, GRADEBOOK_FILE, REPORT_FORMATS

# Options that make ``grade`` grade a class rather than one student.
BATCH_OPTIONS = ("roster", "out", "shard", "jobs", "waivers", "as_of", "formats")


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
    p.add_argument("-v", "--verbose", action="store_true", help="show pytest's own output")
    add_grade_many_args(p)


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
    p.add_argument("--lang", type=cli_args.language, metavar="LANG",
                   help="en or zh-TW (default: LABVERIFY_LANG, else the system locale)")


def add_grade_many_args(parser: argparse.ArgumentParser) -> None:
    """Class-grading options for the ``grade`` parser (which already has --tasks, --lab-config)."""
    g = parser.add_argument_group("grading a class")
    g.add_argument("--roster", type=Path, metavar="CSV",
                   help="students to grade: columns student, subscription_id, resource_group, "
                        "principal_id, session, world (a session is replayed, a world graded "
                        "live against the Azure double, other rows live on Azure)")
    g.add_argument("--out", type=cli_args.folder, metavar="DIR",
                   help=f"write {GRADEBOOK_FILE} and one report folder per student "
                        f"(default: {DEFAULT_OUT})")
    g.add_argument("--shard", type=cli_args.shard, metavar="I/N",
                   help="grade only the I-th of N equal parts of the class (a CI matrix); join "
                        "with labverify merge")
    g.add_argument("--jobs", type=cli_args.at_least_one, metavar="N",
                   help="students graded at once, each in its own process (default: CPUs)")
    g.add_argument("--waivers", type=Path, metavar="PATH",
                   help="waiver file (TOML [[waiver]] entries or CSV): student or *, check, "
                        "justification, expires")
    g.add_argument("--as-of", metavar="DATE", help="judge waiver expiry on this date (default: today)")
    g.add_argument("--formats", metavar="LIST",
                   help=f"reports per student (default: all of {','.join(REPORT_FORMATS)})")


def wants_batch(args: argparse.Namespace) -> bool:
    sessions = args.session if isinstance(args.session, list) else [args.session]
    sessions = [s for s in sessions if s is not None]
    return len(sessions) > 1 or any(getattr(args, name, None) for name in BATCH_OPTIONS)


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    m = sub.add_parser("merge", help="join the gradebooks of a sharded class grading")
    m.add_argument("gradebooks", nargs="+", type=Path, metavar="GRADEBOOK")
    m.add_argument("--out", type=cli_args.file_path, metavar="PATH",
                   help="write here (default: print it)")
    c = sub.add_parser("compare", help="the tasks and scenarios two gradings of a student "
                                       "disagree on")
    c.add_argument("a", type=Path, help="results.json, a student's report folder, or a session")
    c.add_argument("b", type=Path, help="the same for the other grading")
    c.add_argument("--tasks", type=cli_args.task_spec, help="tasks to grade when a side is a session")
    c.add_argument("--lab-config", type=Path, help="lab configuration TOML")


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL dataset file(s)")
    parser.add_argument("--json", metavar="PATH", type=cli_args.file_path_or_stdout,
                        help="also write the report as JSON to PATH ('-' for standard output, "
                             "which then carries only the JSON)")
    parser.add_argument("--lab-config", metavar="PATH",
                        help="lab configuration (default: the one shipped with labverify)")
    parser.add_argument("--model", metavar="NAME",
                        help="base model whose tokenizer and limits apply "
                             "(default: the config's fine_tuning.base_model)")
    parser.add_argument("--workers", type=cli_args.at_least_one, metavar="N",
                        help="worker processes for large files (default: one per core)")




def _pack_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pack", help="zip one recorded session, with its digest, to hand in")
    p.add_argument("session", type=cli_args.session_path, help="the recorded session folder")
    p.add_argument("--out", type=cli_args.file_path, metavar="FILE",
                   help="the zip to write (default: SESSION.zip here)")


def _watch_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="follow a class live: grade every student in rounds, in "
                                     "the terminal and a web page")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--roster", type=cli_args.roster_path, metavar="CSV",
                        help="the class (as for grade --roster), or a bundled class's name")
    source.add_argument("--replay", type=cli_args.folder, metavar="DIR",
                        help="draw again the rounds a watch kept in DIR (rounds.jsonl)")
    p.add_argument("--every", type=cli_args.seconds, metavar="SECONDS",
                   help="seconds from the start of one round to the next (default: 60; "
                        "with --replay: 1)")
    stop = p.add_mutually_exclusive_group()
    stop.add_argument("--rounds", type=cli_args.at_least_one, metavar="N",
                      help="stop after N rounds (default: run until interrupted)")
    stop.add_argument("--until", type=cli_args.moment, metavar="TIME",
                      help="stop before a round whose clock passes TIME (RFC 3339)")
    p.add_argument("--out", type=cli_args.folder, metavar="DIR",
                   help="keep index.html, state.json, rounds.jsonl, the gradebook and each "
                        "student's reports in DIR, current after every round")
    p.add_argument("--serve", type=cli_args.port, metavar="PORT",
                   help="serve DIR on http://127.0.0.1:PORT/ (0: any free port)")
    p.add_argument("--clock", type=cli_args.moment, metavar="TIME",
                   help="read world files as of TIME in round 1 (default: the time now)")
    p.add_argument("--tick", type=cli_args.duration, metavar="DURATION",
                   help="with --clock: how far the worlds' clock moves per round (default: "
                        "--every)")
    p.add_argument("--budget", type=cli_args.positive_seconds, metavar="SECONDS",
                   help="how long one student's reads may take per round, throttling "
                        "included; past it the student's last grade stays, marked stale "
                        "(default: the lab config's budget_seconds)")
    p.add_argument("--refresh-every", type=cli_args.at_least_one, metavar="N", default=5,
                   help="read everything again every N-th round, even what cannot have "
                        "changed (default: 5)")
    p.add_argument("--stuck", type=cli_args.at_least_one, metavar="N", default=3,
                   help="a student on the same failing check for N rounds is stuck (default: 3)")
    p.add_argument("--jobs", type=cli_args.at_least_one, metavar="N",
                   help="students graded at once, each in its own process (default: CPUs)")
    p.add_argument("--tasks", type=cli_args.task_spec, help="tasks to grade (default: all)")
    p.add_argument("--lab-config", type=Path, help="lab configuration TOML")
    p.add_argument("--lang", type=cli_args.language, metavar="LANG",
                   help="en or zh-TW (default: LABVERIFY_LANG, else the system locale)")


def _data_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "data", help="check fine-tuning dataset files (JSONL) before uploading them",
        description="Check chat fine-tuning JSONL files: format, token counts and limits.")
    add_data_arguments(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = cli_args.Parser(prog="labverify", description=__doc__)
    parser.add_argument("--version", action="version", version=f"labverify {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _grade_parser(sub)
    _synth_parser(sub)
    add_subcommands(sub)
    _costs_parser(sub)
    _pack_parser(sub)
    _data_parser(sub)
    _watch_parser(sub)
    return parser



# Each subcommand's module, imported only when that subcommand runs.
COMMANDS = {"grade": "grade", "synth": "synth", "costs": "costs", "merge": "classroom",
            "compare": "classroom", "data": "data", "pack": "pack",
            "watch": "watch"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "data":
            from .commands import data

            return data.run(args)
        from rich.console import Console

        console = Console()
        if args.command == "grade" and wants_batch(args):
            from .commands import classroom

            return classroom.run_batch(args, console)
        if args.command in ("merge", "compare"):
            from .commands import classroom

            return classroom.run_command(args, console)
        module = importlib.import_module(f".commands.{COMMANDS[args.command]}", __package__)
        return module.run(args, console)
    except LabverifyError as exc:
        # Plain print: a located message must stay on one line, whatever the terminal width.
        print(f"error: {exc}", file=sys.stderr)
        return 2


def console_main() -> None:
    """The ``labverify`` command itself: :func:`main`, then an exit without a last collection.

    Every file labverify writes is closed and every output in place before ``main`` returns. At
    exit, the interpreter would still run a full garbage collection over each object pytest, the
    SDKs and pydantic created (0.37 to 0.6 s after a grading); frozen, those objects are left to
    the process's end. Exit handlers still run, and the streams are still flushed. ``main``
    itself freezes nothing: tests and callers that run it in their own process keep their GC.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    console_main()
