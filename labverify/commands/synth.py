"""``labverify synth``: sessions recorded from world files against the Azure double."""

from __future__ import annotations

import argparse

from rich.console import Console

from ..config import load_config
from ..errors import LabverifyError
from ..options import RunOptions
from ..paths import IN_CHECKOUT
from ..run import check_recording
from ..synth import all_worlds, session_for, synthesize


def run(args: argparse.Namespace, console: Console) -> int:
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
