"""Reading a world file and its chain of ``base`` files, and pointing errors at a file and line.

Tables merge recursively, arrays and scalars replace, so every value of the merged world comes
from exactly one file of the chain; errors name that file.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LocatedError
from ..tomlfile import locate, read_toml

Segment = str | int

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


@dataclass(frozen=True)
class Source:
    path: Path
    text: str
    data: dict[str, Any]


def load_chain(path: Path) -> list[Source]:
    """The file and its bases, the named file first."""
    chain: list[Source] = []
    seen: list[Path] = []
    current = Path(path)
    referrer: Source | None = None
    while True:
        resolved = current.resolve()
        if resolved in seen:
            assert referrer is not None
            cycle = " -> ".join(str(p) for p in [*seen, resolved])
            raise LocatedError(referrer.path, f"base files form a cycle: {cycle}",
                               line=locate(referrer.text, "base"), field="base")
        try:
            data, text = read_toml(current)
        except LocatedError as exc:
            if referrer is None or exc.detail != "file not found":
                raise
            raise LocatedError(referrer.path, f"base file not found: {current}",
                               line=locate(referrer.text, "base"), field="base") from None
        seen.append(resolved)
        source = Source(current, text, data)
        chain.append(source)
        base = data.get("base")
        if base is None:
            return chain
        if not isinstance(base, str) or not base.strip():
            raise LocatedError(current, "must be a path (relative to this file) as a string",
                               line=locate(text, "base"), field="base")
        referrer = source
        current = current.parent / base


def merge_chain(chain: list[Source]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for source in reversed(chain):
        data = {key: value for key, value in source.data.items() if key != "base"}
        _merge_into(merged, data)
    return merged


def _merge_into(target: dict[str, Any], overlay: dict[str, Any]) -> None:
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


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
    """Turns a path in the merged world into a LocatedError in the file that defines it."""

    def __init__(self, chain: list[Source]) -> None:
        self.chain = chain

    def error(self, path: list[Segment], message: str, *, missing: bool = False) -> LocatedError:
        lookup = path[:-1] if missing else path
        source = self._origin(lookup)
        line = _line_of(source.text, lookup if missing else path)
        return LocatedError(source.path, message, line=line, field=field_name(path))

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
        return locate(text, ".".join(str(s) for s in path))
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
