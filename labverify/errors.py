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
    """The text of an input file, or a located error saying why it cannot be read.

    UTF-8 is expected; a byte-order mark is honoured, so a file saved as UTF-16 (as Windows
    PowerShell 5 writes files) is read too. Anything else gets one message naming the file.
    """
    path = Path(path)
    if path.is_dir():
        raise LocatedError(path, "is a directory, not a file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LocatedError(path, "file not found") from None
    except OSError as exc:
        raise LocatedError(path, f"cannot be read ({exc.strerror or exc})") from None
    return decode_text(path, data)


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(path: Path, data: bytes) -> str:
    """``data`` as text: by its byte-order mark, else as UTF-8; a located error otherwise."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise LocatedError(path, f"not {encoding.upper()} text despite its byte-order "
                                         f"mark ({exc.reason} at byte {exc.start})") from None
    if b"\x00" in data:
        raise LocatedError(path, "not text: it holds NUL bytes (a binary file, or UTF-16 "
                                 "without a byte-order mark; save it as UTF-8)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LocatedError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it "
                                 "as UTF-8", line=line) from None
