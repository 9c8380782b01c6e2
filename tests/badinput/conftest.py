"""Copies of the bundled session to break, and replay grading of them."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from labverify.grading import GradeOutcome, GradeRequest, run_scenarios
from labverify.paths import BUNDLED_SESSION, PROJECT_ROOT

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
# The hint a scenario gets when labverify itself, not its input, went wrong.
OWN_FAULT = "labverify itself failed"


@pytest.fixture
def session_copy(tmp_path: Path) -> Callable[[], Path]:
    """A fresh copy of the bundled session each call (in its own folder)."""
    count = iter(range(10_000))

    def copy() -> Path:
        target = tmp_path / f"session-{next(count)}"
        shutil.copytree(BUNDLED_SESSION, target)
        return target

    return copy


def replay(session: Path, tasks: str, **options: object) -> GradeOutcome:
    return run_scenarios(GradeRequest(session=session, tasks=tasks, **options))  # type: ignore[arg-type]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes: to show grading changed nothing."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}
