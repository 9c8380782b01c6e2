"""A generator of bad inputs for every entry point of the ``labverify`` command.

Each :class:`Case` builds its inputs in an empty folder and names the command line to run.
``tests/badinput/test_generated.py`` runs every one and holds each to the same promises: the
documented exit code (2 for bad input), no traceback, a message naming the file (and its line
or field where there is one), every input byte-identical afterwards, and nothing left behind
but a declared output.

The cases are made from tables of small edits (a key of the lab config, a key of a world file,
a field of a session's metadata, ...) applied to known-good files, so that each edit is the
only thing wrong with its input.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from labverify.paths import PROJECT_ROOT

SESSIONS = PROJECT_ROOT / "cassettes"
WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
COMPLETE_WORLD = WORLDS / "complete.toml"
TRAINING = PROJECT_ROOT / "fixtures" / "labfiles" / "complete" / "training_set.jsonl"


@dataclass
class Setup:
    """What one case runs and what its message must say."""

    argv: list[str]
    names: str  # the file (with ":line" or ": field" where known) the message must name
    words: str = ""  # what the message must say is wrong
    code: int = 2
    # Outputs the command may write (a results file to read the message from, for instance).
    outputs: list[Path] = field(default_factory=list)
    message_in: Path | None = None  # where the message is, when not on standard error


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    build: Callable[[Path], Setup]


CASES: list[Case] = []


def case(kind: str, name: str) -> Callable[[Callable[[Path], Setup]], Callable[[Path], Setup]]:
    def register(build: Callable[[Path], Setup]) -> Callable[[Path], Setup]:
        CASES.append(Case(f"{kind}-{name}", kind, build))
        return build
    return register


def line_of(path: Path, text: str) -> int:
    """The number of the first line of ``path`` holding ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def copy_session(root: Path, name: str = "complete") -> Path:
    target = root / "session"
    shutil.copytree(SESSIONS / name, target)
    return target




def all_cases() -> list[Case]:
    """Every case of every module of this package, in a stable order."""
    from . import arguments, class_inputs, lab_files, sessions  # noqa: F401  (they register)

    return list(CASES)
