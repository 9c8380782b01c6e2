"""Synthesized sessions: the real suite in record mode against the Azure double.

A session is written to a temporary sibling directory first and moved into place only when
complete, so a failed run never leaves half a session behind or destroys the old one.
"""

from __future__ import annotations

from pathlib import Path

from .errors import LabverifyError
from .grading import GradeOutcome, GradeRequest, run_scenarios
from .paths import SESSIONS_DIR, WORLDS_DIR
from .recording.session import METADATA_FILE


def all_worlds() -> list[Path]:
    return sorted(WORLDS_DIR.glob("*.toml"))


def session_for(world: Path) -> Path:
    return SESSIONS_DIR / world.stem


def synthesize(world: Path, out: Path, *, lab_config: Path | None = None,
               force: bool = False) -> GradeOutcome:
    """Record ``world`` into ``out``; record mode builds it aside and moves it into place."""
    from .double.world import load_world

    loaded = load_world(world)  # a broken world file is reported before anything runs
    outcome = run_scenarios(GradeRequest(mode="record", world=world, session=out,
                                         tasks="all", lab_config=lab_config, force=force,
                                         carry_out=loaded.carry_out))
    if outcome.exit_code not in (0, 1):
        raise LabverifyError(f"recording {world} did not complete:\n{outcome.output}".rstrip())
    if not (out / METADATA_FILE).is_file():
        raise LabverifyError(f"recording {world} wrote no session:\n{outcome.output}".rstrip())
    return outcome
