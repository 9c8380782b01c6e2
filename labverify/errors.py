"""Errors labverify reports to a person: each names the file, line and field at fault."""

from __future__ import annotations

from pathlib import Path


class LabverifyError(Exception):
    """An input problem explained in one message; shown without a traceback."""


class LocatedError(LabverifyError):
    """A problem at a place in a file."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None,
                 field: str | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.field = field
        self.detail = message
        where = str(self.path)
        if line is not None:
            where += f":{line}"
        if field:
            where += f": {field}"
        super().__init__(f"{where}: {message}")
