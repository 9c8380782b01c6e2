"""``labverify grade`` for one student: a recorded session, or live Azure (or the double)."""

from __future__ import annotations

import argparse

from rich.console import Console

from ..catalogue import ui
from ..config import load_config
from ..errors import LabverifyError
from ..features import validate_tables
from ..grade import grade
from ..grading import GradeRequest, run_scenarios
from ..language import choose
from ..options import OPTIONS, RunOptions, single_student_options
from ..outputs import Place, file_target, guard
from ..packing import is_pack, unpacked
from ..paths import BUNDLED_SESSION
from ..report.provenance import live_provenance, replay_provenance
from ..report.results import write_results
from ..report.scorecard import print_scorecard
from ..run import check_recording, check_session, check_sources, resolved, run_inputs
from ..tasks import parse_tasks

# Options that describe a live student's machine or identity: a recorded session holds them.
LIVE_ONLY = ("student_python", "labfiles", "subscription_id", "principal_id")


def run(args: argparse.Namespace, console: Console) -> int:
    args.session = args.session[0] if args.session else None
    if args.session is not None and is_pack(args.session):
        with unpacked(args.session) as session:
            args.session = session
            return _grade(args, console)
    return _grade(args, console)


def _grade(args: argparse.Namespace, console: Console) -> int:
    config = load_config(args.lab_config)
    validate_tables(config)
    args.lang = choose(args.lang).lang  # --lang, else LABVERIFY_LANG, else the system locale
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
        title = (ui("title.live", args.lang) if args.world is None
                 else ui("title.double", args.lang, world=str(args.world)))
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
        from ..double.world import load_world

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
    graded = grade(student, outcome.results, config, provenance=provenance, lang=options.lang,
                   notes=outcome.notes, costs=outcome.costs)
    print_scorecard(console, graded, title)
    if args.json:
        write_results(args.json, graded)
        console.print(f"Results written to {args.json}", markup=False, highlight=False,
                      soft_wrap=True)
    return 0 if graded.all_passed else 1
