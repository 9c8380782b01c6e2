"""``labverify costs``: fine-tuned deployments that bill by the hour, and when they go."""

from __future__ import annotations

import argparse

from rich.console import Console

from ..catalogue import ui
from ..checks.resource import lab_account
from ..config import load_config
from ..errors import LabverifyError
from ..language import choose
from ..options import RunOptions
from ..paths import BUNDLED_SESSION
from ..run import LabRun


def run(args: argparse.Namespace, console: Console) -> int:
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
    lang = choose(args.lang).lang
    for line in lines:
        console.print(line.describe(lang), markup=False, highlight=False)
    if not lines:
        console.print(ui("cost.none", lang, account=account.name), markup=False,
                      highlight=False)
    return 0
