"""Reading a world file and its chain of ``base`` files, and pointing errors at a file and line.

Tables merge recursively, arrays and scalars replace, so every value of the merged world comes
from exactly one file of the chain; errors name that file.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..errors import LocatedError
from ..tomlfile import Locator, Source, field_name, locate, read_toml

__all__ = ["Locator", "Source", "field_name", "load_chain", "merge_chain"]


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
        if referrer is not None and not current.is_file():
            problem = "is a directory, not a world file" if current.is_dir() else "not found"
            raise LocatedError(referrer.path, f"base file {problem}: {current}",
                               line=locate(referrer.text, "base"), field="base")
        data, text = read_toml(current)
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
