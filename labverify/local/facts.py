"""The student-machine facts of tasks 4-6, read once per run and kept in the session.

Live and record mode look at this machine; record mode also writes what it saw to
``local/machine.json`` and copies the dataset files to ``local/labfiles/``, so replay grades
tasks 4-6 without the student's machine. A synthesized session states them in its world file.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path, PureWindowsPath
from typing import Any

from ..catalogue import Text, message
from ..jsonfile import JsonLocator, read_json
from ..schema import Key, Validator, opt, req

MACHINE_FILE = Path("local") / "machine.json"
LABFILES_DIR = Path("local") / "labfiles"

_MAYBE_TEXT = opt("str", nullable=True)
_MATCH = opt("str", choices=("key1", "key2", "neither"), nullable=True)
# What record mode writes (labverify.local.interpreter, labverify.local.environment): a session
# edited by hand is checked against it before any check trusts a fact.
MACHINE_SCHEMA: dict[str, Key] = {
    "interpreter": opt("table", spec={
        "ran": req("bool"), "error": _MAYBE_TEXT, "executable": _MAYBE_TEXT,
        "python": _MAYBE_TEXT,
        "libraries": opt("map", {}, item=Key("table", spec={
            "version": _MAYBE_TEXT, "importable": opt("bool", True)}))}),
    "environment": opt("map", keys=r"[A-Za-z_][A-Za-z0-9_]*",
                       describe="an environment variable name", item=Key("table", spec={
        "set": req("bool"), "set_for_new_terminals_only": opt("bool", False),
        "quoted": opt("bool", False), "whitespace": opt("bool", False),
        "matches": _MATCH, "matches_when_cleaned": _MATCH,
        "value": _MAYBE_TEXT, "holds_key": opt("bool", False)})),
}


def default_labfiles(folder: str) -> Path:
    """The config's lab folder (``C:\\Labfiles``) where it exists, ~/Labfiles elsewhere."""
    if sys.platform == "win32":
        return Path(folder)
    return Path.home() / PureWindowsPath(folder).name


def load_machine(path: Path) -> dict[str, Any]:
    """A session's ``local/machine.json``, checked; {} when the session has none."""
    if not path.exists():
        return {}
    data, text = read_json(path)
    # Checked, and kept as recorded: nothing is added to what the student's machine said.
    return Validator(JsonLocator(path, text), json=True, defaults=False).table(
        data, MACHINE_SCHEMA, [])


class MachineFacts:
    """Facts about the student's machine for one run, whatever the mode."""

    def __init__(self, mode: str, session_dir: Path | None, *, labfiles: Path | None,
                 student_python: str | None, stated: dict[str, Any] | None = None,
                 remote: bool = False, source: str = "this machine") -> None:
        self.mode = mode
        # Where the facts come from, for the evidence: "this machine", a world, a session.
        self.source = source
        self.used = False  # whether any check asked for a fact
        # Grading someone else's work live (a class): this machine is not the student's, so
        # nothing about it may stand in for theirs.
        self.remote = remote
        self.session_dir = session_dir
        self.student_python = student_python
        self._facts: dict[str, Any] = {}
        self._labfiles = labfiles
        self._stated = stated
        if mode == "replay" and session_dir is not None:
            self._facts = load_machine(session_dir / MACHINE_FILE)
        elif stated is not None:
            self._facts = {k: v for k, v in stated.items() if k != "labfiles"}

    def get(self, name: str, compute: Any) -> Any:
        """The fact ``name``: recorded or stated if we have it, else computed (live only)."""
        self.used = True
        if name in self._facts:
            return self._facts[name]
        if self.mode == "replay" or self.remote:
            return None
        self._facts[name] = compute()
        return self._facts[name]

    def labfiles(self) -> Path | None:
        self.used = True
        if self.mode == "replay":
            folder = self.session_dir / LABFILES_DIR if self.session_dir else None
            return folder if folder is not None and folder.is_dir() else None
        return self._labfiles

    def why_no_labfiles(self) -> Text:
        """Why ``labfiles()`` gave nothing, naming the folder that is not there."""
        if self.mode == "replay" and self.session_dir is not None:
            folder = self.session_dir / LABFILES_DIR
            key = "machine.labfiles_not_a_folder" if folder.exists() else "machine.labfiles_missing"
            return message(key, folder=str(folder))
        return message("machine.no_labfiles")

    def save(self) -> None:
        """Record mode: write what was seen and copy the dataset files into the session."""
        if self.mode != "record" or self.session_dir is None:
            return
        path = self.session_dir / MACHINE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self._facts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        source = self._labfiles
        if source is not None and source.is_dir():
            target = self.session_dir / LABFILES_DIR
            target.mkdir(parents=True, exist_ok=True)
            for item in sorted(source.iterdir()):
                if item.is_file() and item.suffix.lower() == ".jsonl":
                    shutil.copyfile(item, target / item.name)
