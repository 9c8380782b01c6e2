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

from ..errors import LocatedError

MACHINE_FILE = Path("local") / "machine.json"
LABFILES_DIR = Path("local") / "labfiles"


def default_labfiles(folder: str) -> Path:
    """The config's lab folder (``C:\\Labfiles``) where it exists, ~/Labfiles elsewhere."""
    if sys.platform == "win32":
        return Path(folder)
    return Path.home() / PureWindowsPath(folder).name


class MachineFacts:
    """Facts about the student's machine for one run, whatever the mode."""

    def __init__(self, mode: str, session_dir: Path | None, *, labfiles: Path | None,
                 student_python: str | None, stated: dict[str, Any] | None = None,
                 remote: bool = False) -> None:
        self.mode = mode
        # Grading someone else's work live (a class): this machine is not the student's, so
        # nothing about it may stand in for theirs.
        self.remote = remote
        self.session_dir = session_dir
        self.student_python = student_python
        self._facts: dict[str, Any] = {}
        self._labfiles = labfiles
        self._stated = stated
        if mode == "replay" and session_dir is not None:
            self._facts = self._load(session_dir / MACHINE_FILE)
        elif stated is not None:
            self._facts = {k: v for k, v in stated.items() if k != "labfiles"}

    @staticmethod
    def _load(path: Path) -> dict[str, Any]:
        if not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise LocatedError(path, f"invalid JSON: {exc}") from None
        if not isinstance(data, dict):
            raise LocatedError(path, "must hold a JSON object")
        return data

    def get(self, name: str, compute: Any) -> Any:
        """The fact ``name``: recorded or stated if we have it, else computed (live only)."""
        if name in self._facts:
            return self._facts[name]
        if self.mode == "replay" or self.remote:
            return None
        self._facts[name] = compute()
        return self._facts[name]

    def labfiles(self) -> Path | None:
        if self.mode == "replay":
            folder = self.session_dir / LABFILES_DIR if self.session_dir else None
            return folder if folder is not None and folder.is_dir() else None
        return self._labfiles

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
