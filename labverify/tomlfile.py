"""TOML reading with errors that point at a line, for the config and world files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import LocatedError, read_input


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return the data and the text (kept to locate later errors)."""
    text = read_input(path)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute; the message carries it.
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        if found:
            msg += f" (column {found.group(2)})"
        raise LocatedError(path, f"invalid TOML: {msg}", line=line) from None


def locate(text: str, dotted: str) -> int | None:
    """Best-effort line number of a dotted key such as ``account.sku`` in TOML text."""
    parts = dotted.split(".")
    key = parts[-1]
    section = ".".join(parts[:-1])
    lines = text.splitlines()
    in_section = section == ""
    header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    keyline = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        match = header.match(line)
        if match:
            name = match.group(1).replace('"', "").replace("'", "")
            in_section = name == section
            if in_section and not key:
                return number
            if name == dotted:
                return number
            continue
        if in_section and keyline.match(line):
            return number
    return None
