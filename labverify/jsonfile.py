"""JSON input files read with located errors: the file, the line and the key at fault."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .errors import LocatedError, read_input
from .tomlfile import Segment, field_name


def read_json(path: Path) -> tuple[Any, str]:
    """Parse a JSON file; return the data and the text (kept to locate later errors)."""
    text = read_input(path)
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise LocatedError(path, f"invalid JSON: {exc.msg} (column {exc.colno})",
                           line=exc.lineno) from None
    except RecursionError:
        raise LocatedError(path, "invalid JSON: nested too deeply") from None


class JsonLocator:
    """Finds the line a key of a JSON document was written on, for the schema's errors."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def error(self, path: list[Segment], message: str, *, missing: bool = False) -> LocatedError:
        keys = [s for s in (path[:-1] if missing else path) if isinstance(s, str)]
        line = self._line_of(keys[-1]) if keys else None
        return LocatedError(self.path, message, line=line, field=field_name(path))

    def _line_of(self, key: str) -> int | None:
        found = re.search(r'"' + re.escape(json.dumps(key)[1:-1]) + r'"\s*:', self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else None
