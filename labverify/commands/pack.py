"""``labverify pack SESSION``: a recorded session in one zip file, with its digest."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from ..outputs import Place, file_target, guard
from ..packing import pack
from ..run import check_session


def run(args: argparse.Namespace, console: Console) -> int:
    check_session(args.session)  # a broken session is refused, never packed
    out: Path = args.out or Path(f"{args.session.name}.zip")
    file_target(out, "--out")
    guard([(Place(out, "--out file"), False)], [Place(args.session, "session")])
    digest = pack(args.session, out)
    console.print(f"Packed {args.session} into {out} ({digest}). Hand in {out.name}; "
                  f"labverify grade {out.name} grades it.", markup=False, highlight=False,
                  soft_wrap=True)
    return 0
