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


def read_input(path: Path) -> str:
    """The text of an input file (UTF-8, a byte-order mark allowed), or a located error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise LocatedError(path, "file not found") from None
    except UnicodeDecodeError as exc:
        raise LocatedError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise LocatedError(path, f"cannot be read ({exc.strerror or exc})") from None
