"""TOML reading with errors that point at a line, for the config and world files."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LocatedError, read_input

Segment = str | int

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True)
class Source:
    """One TOML file: its path, its text (to find lines in) and its parsed data."""

    path: Path
    text: str
    data: dict[str, Any]


def read_source(path: Path) -> Source:
    data, text = read_toml(path)
    return Source(path, text, data)


def read_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return the data and the text (kept to locate later errors)."""
    text = read_input(path)
    return parse_toml(path, text), text


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML text read from ``path``; a syntax error names its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute; the message carries it.
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        if found:
            msg += f" (column {found.group(2)})"
        raise LocatedError(path, f"invalid TOML: {msg}", line=line) from None


def locate(text: str, dotted: str | list[Segment]) -> int | None:
    """Best-effort line number of a key such as ``account.sku`` (or its segments) in TOML text."""
    parts = dotted.split(".") if isinstance(dotted, str) else [str(p) for p in dotted]
    key = parts[-1]
    section = ".".join(parts[:-1])
    lines = text.splitlines()
    in_section = section == ""
    whole = ".".join(parts)
    keyline = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    for number, line in enumerate(lines, start=1):
        match = _HEADER.match(line)
        if match:
            name = match.group(2).replace('"', "").replace("'", "").replace(" ", "")
            in_section = name == section
            if in_section and not key:
                return number
            if name == whole:
                return number
            continue
        if in_section and keyline.match(line):
            return number
    return None


def field_name(path: list[Segment]) -> str:
    """``accounts[0].kind`` style names for error messages."""
    out = ""
    for segment in path:
        if isinstance(segment, int):
            out += f"[{segment}]"
        else:
            out += ("." if out else "") + segment
    return out


class Locator:
    """Turns a key path into a LocatedError in the file of the chain that defines it.

    One file is a chain of one (the lab config); a world file and its ``base`` files are a
    longer one, the named file first.
    """

    def __init__(self, chain: list[Source]) -> None:
        self.chain = chain

    def error(self, path: list[Segment], message: str, *, missing: bool = False) -> LocatedError:
        lookup = path[:-1] if missing else path
        source = self._origin(lookup)
        line = _line_of(source.text, lookup if missing else path)
        return LocatedError(source.path, message, line=line, field=field_name(path))

    def origin(self, path: list[Segment]) -> Source:
        """The file of the chain that gives the key at ``path``."""
        return self._origin(path)

    def _origin(self, path: list[Segment]) -> Source:
        # The defining prefix ends at the first array: arrays replace, they never merge.
        keys: list[str] = []
        for segment in path:
            if isinstance(segment, int):
                break
            keys.append(segment)
        for source in self.chain:
            node: Any = source.data
            for key in keys:
                if not isinstance(node, dict) or key not in node:
                    break
                node = node[key]
            else:
                return source
        return self.chain[0]


def _line_of(text: str, path: list[Segment]) -> int | None:
    if not path:
        return None
    if not any(isinstance(segment, int) for segment in path):
        return locate(text, path)
    return _line_in_arrays(text, path)


def _headers(lines: list[str]) -> list[tuple[int, bool, str]]:
    found = []
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            name = match.group(2).replace('"', "").replace("'", "").replace(" ", "")
            found.append((number, match.group(1) == "[[", name))
    return found


def _line_in_arrays(text: str, path: list[Segment]) -> int | None:
    """Line of a key inside the n-th ``[[table]]`` (nested arrays of tables too)."""
    lines = text.splitlines()
    headers = _headers(lines)
    low, high = 0, len(lines)
    best: int | None = None
    prefix: list[str] = []
    index = 0
    while index < len(path):
        segment = path[index]
        following = path[index + 1] if index + 1 < len(path) else None
        if isinstance(segment, int):
            index += 1
            continue
        if isinstance(following, int):
            name = ".".join([*prefix, segment])
            starts = [n for n, double, h in headers if double and h == name and low <= n < high]
            if following >= len(starts):
                # An inline array (key = [...]): point at the key.
                return _key_line(lines, headers, low, high, segment) or best
            start = starts[following]
            end = next((n for n, _, h in headers
                        if n > start and (h == name or not h.startswith(name + "."))), high)
            low, high, best = start + 1, min(end, high), start + 1
            prefix.append(segment)
            index += 2
            continue
        line = _key_line(lines, headers, low, high, segment)
        if line is not None:
            return line
        name = ".".join([*prefix, segment])
        sub = next((n for n, _, h in headers if h == name and low <= n < high), None)
        if sub is None:
            return best
        low, best = sub + 1, sub + 1
        prefix.append(segment)
        index += 1
    return best


def _key_line(lines: list[str], headers: list[tuple[int, bool, str]], low: int, high: int,
              key: str) -> int | None:
    pattern = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
    header_lines = {n for n, _, _ in headers}
    for number in range(low, high):
        if number in header_lines:
            break
        if pattern.match(lines[number]):
            return number + 1
    return None
