"""argparse types for labverify's options: a bad value is refused where it is read.

Each type raises ``argparse.ArgumentTypeError`` with the allowed form, so argparse prints
``labverify grade: error: argument --jobs: ...`` and exits with 2 before anything runs.
"""

from __future__ import annotations

import argparse
import math
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

from .errors import LabverifyError
from .paths import CLASSES_DIR, SESSIONS_DIR, WORLDS_DIR


class UsageError(LabverifyError):
    """A bad command line, said in one line (argparse would print its usage first)."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit 2 through labverify's own path.

    Subcommand parsers are made of the same class, so every subcommand behaves alike.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


_TASK_PART = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def task_spec(text: str) -> str:
    """``1,2,7-9`` or ``all``: numbers from 1, ranges ascending. The lab's own tasks are
    checked once its config is read."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give tasks such as 1,2,7-9, or all")
    if text.strip().lower() == "all":
        return text
    for part in text.split(","):
        found = _TASK_PART.match(part)
        if not found:
            raise argparse.ArgumentTypeError(f"{part.strip()!r} is not a task number or range "
                                             "(e.g. 1,2,7-9, or all)")
        low = int(found.group(1))
        high = int(found.group(2) or low)
        if low < 1:
            raise argparse.ArgumentTypeError(f"{part.strip()!r}: tasks are numbered from 1")
        if low > high:
            raise argparse.ArgumentTypeError(f"{part.strip()!r}: a range goes up, e.g. 7-9")
    return text


def language(text: str) -> str:
    """``--lang``: en or zh-TW (``zh_tw`` and other spellings of them accepted)."""
    from .language import parse

    try:
        return parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def at_least_one(text: str) -> int:
    """A whole number of 1 or more (--jobs, --workers)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (1 or more)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not 1 or more")
    return value


def seconds(text: str) -> float:
    """A finite number of seconds, 0 or more (--wait)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds, 0 or more")
    return value


def positive_seconds(text: str) -> float:
    """A finite number of seconds above 0 (--budget, --every)."""
    value = seconds(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return value


def moment(text: str) -> datetime:
    """An RFC 3339 time with its zone, e.g. 2026-11-20T10:00:00Z (--world-at, --until)."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time with its zone, like 2026-11-20T10:00:00Z")
    return value


def shard(text: str) -> str:
    """``i/N`` with 1 <= i <= N."""
    found = _SHARD.match(text)
    if not found or not 1 <= int(found.group(1)) <= int(found.group(2)):
        raise argparse.ArgumentTypeError(f"{text!r} is not i/N with 1 <= i <= N (e.g. 2/4)")
    return text


def folder(text: str) -> Path:
    """A folder to write into: an existing folder or a new path, not a file."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder path")
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file; give a folder (an existing one or a "
                                         "new path)")
    return path


def file_path(text: str) -> Path:
    """A file to write: a new path or an existing file, not a folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError("give a file path")
    path = Path(text)
    if path.is_dir() or text.endswith(("/", "\\")):
        raise argparse.ArgumentTypeError(f"{text} is a folder; give a file path such as "
                                         f"{Path(text) / 'results.json'}")
    return path


def file_path_or_stdout(text: str) -> str:
    """A file path, or ``-`` for standard output."""
    return text if text == "-" else str(file_path(text))


def session_path(text: str) -> Path:
    """A recorded session: a folder, a packed session (.zip), or a bundled session's name."""
    path = Path(text)
    bundled = SESSIONS_DIR / text
    if not path.exists() and path.name == text and bundled.is_dir():
        return bundled
    return path


def port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port (0 to 65535)")
    return value


def roster_path(text: str) -> Path:
    """A roster CSV, or a bundled class's name (``afternoon``: its roster.csv)."""
    path = Path(text)
    bundled = CLASSES_DIR / text / "roster.csv"
    if not path.exists() and path.name == text and bundled.is_file():
        return bundled
    return path


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$")


def duration(text: str) -> timedelta:
    """A length of time: seconds, or a number with s, m or h (90, 90s, 30m, 1.5h)."""
    found = _DURATION.match(text)
    if not found or float(found.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a length of time above 0, like 90s, "
                                         "30m or 1h")
    unit = {"": 1, "s": 1, "m": 60, "h": 3600}[found.group(2)]
    return timedelta(seconds=float(found.group(1)) * unit)


def world_path(text: str) -> Path:
    """A world file, or a bundled world's name (``complete``, ``t1-wrong-region``)."""
    path = Path(text)
    if path.exists() or path.name != text:
        return path
    for bundled in (WORLDS_DIR / text, WORLDS_DIR / f"{text}.toml"):
        if bundled.is_file():
            return bundled
    return path
