"""One validator for every structured input: the lab config, world files, session metadata.

A schema is a dict of :class:`Key` rules. :class:`Validator` checks parsed data against it and
returns the data with defaults filled in; the first problem becomes a ``LocatedError`` naming
the file, the line and the dotted key (``file:line: key: problem``), through a *locator* that
knows where in which file a key was written (TOML text, a chain of TOML files, JSON text).

Unknown keys are errors, so that a typo never silently falls back to a default. Every value is
checked where it is read: its type, the type of every list item, ranges, choices, patterns,
regular expressions that must compile, URLs that must parse and version specifiers that must
be valid.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from .errors import LocatedError

Segment = str | int

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# RFC 3339 date-time, as Azure and labverify write times: a zone is required.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")
KINDS = ("str", "guid", "time", "timestamp", "int", "number", "bool", "list", "map", "table",
         "tables", "regex", "url", "specifier")


class Locator(Protocol):
    def error(self, path: list[Segment], message: str, *, missing: bool = False) -> LocatedError:
        ...


@dataclass(frozen=True)
class Key:
    """The rule for one key.

    ``kind`` is one of KINDS. ``minimum``/``maximum`` bound numbers (and list lengths, through
    ``min_items``); ``above`` is an exclusive lower bound (``above=0`` is "more than 0").
    ``item`` is the rule of every item of a ``list`` and of every value of a ``map`` (a map
    without one takes any values); ``keys`` is a pattern every key of a ``map`` must match.
    ``blank`` allows an empty string. ``check`` is a last test of the value, returning a
    problem or None.
    """

    kind: str
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    pattern: str | None = None
    spec: dict[str, Key] | None = None  # for table / tables
    item: Key | None = None  # for list / map
    keys: str | None = None  # for map
    min_items: int = 0
    blank: bool = True
    nullable: bool = False  # JSON null allowed (TOML has none)
    check: Callable[[Any], str | None] | None = field(default=None, compare=False)
    describe: str = ""  # what the pattern means, for messages

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")


def opt(kind: str, default: Any = None, **extra: Any) -> Key:
    return Key(kind, False, default, **extra)


def req(kind: str, **extra: Any) -> Key:
    return Key(kind, True, **extra)


class Validator:
    """Checks parsed data against a spec and returns it with defaults filled in."""

    def __init__(self, locator: Locator, *, json: bool = False, defaults: bool = True) -> None:
        self.locator = locator
        self.json = json  # say "object" for a table, as JSON does
        # False: check only, and hand back what was written, no default added.
        self.defaults = defaults

    @property
    def table_word(self) -> str:
        return "an object" if self.json else "a table"

    def kind_of(self, value: Any) -> str:
        name = type_name(value)
        return "an object" if self.json and name == "a table" else name

    def fail(self, path: list[Segment], message: str, *, missing: bool = False) -> LocatedError:
        return self.locator.error(path, message, missing=missing)

    def table(self, data: Any, spec: dict[str, Key], path: list[Segment]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, f"must be {self.table_word}, not {self.kind_of(data)}")
        unknown = [key for key in data if key not in spec]
        if unknown:
            raise self.fail([*path, unknown[0]],
                            f"unknown key (known keys: {', '.join(spec)})")
        out: dict[str, Any] = {}
        for key, rule in spec.items():
            if key not in data:
                if rule.required:
                    raise self.fail([*path, key], "missing key", missing=True)
                if self.defaults:
                    out[key] = _fresh(rule.default)
                continue
            out[key] = self.value(data[key], rule, [*path, key])
        return out

    def value(self, raw: Any, rule: Key, path: list[Segment]) -> Any:
        kind = rule.kind
        if raw is None and rule.nullable:
            return None
        if kind == "table":
            assert rule.spec is not None
            return self.table(raw, rule.spec, path)
        if kind == "tables":
            assert rule.spec is not None
            if not isinstance(raw, list):
                raise self.fail(path, f"must be an array of tables, not {self.kind_of(raw)}")
            self._count(raw, rule, path, "entries")
            return [self.table(item, rule.spec, [*path, n]) for n, item in enumerate(raw)]
        if kind == "list":
            if not isinstance(raw, list):
                raise self.fail(path, f"must be an array, not {self.kind_of(raw)}")
            self._count(raw, rule, path, "items")
            item = rule.item
            return [self.value(x, item, [*path, n]) if item else x for n, x in enumerate(raw)]
        if kind == "map":
            if not isinstance(raw, dict):
                raise self.fail(path, f"must be {self.table_word}, not {self.kind_of(raw)}")
            self._count(raw, rule, path, "keys")
            out = {}
            for key, value in raw.items():
                if rule.keys is not None and not re.fullmatch(rule.keys, key):
                    raise self.fail([*path, key], f"not a valid key here ({rule.describe or rule.keys})")
                out[key] = self.value(value, rule.item, [*path, key]) if rule.item else value
            return out
        if kind == "time":
            return self._time(raw, path)
        value = self._scalar(raw, rule, path)
        if rule.check is not None:
            problem = rule.check(value)
            if problem:
                raise self.fail(path, problem)
        return value

    def _count(self, raw: Any, rule: Key, path: list[Segment], what: str) -> None:
        if len(raw) < rule.min_items:
            raise self.fail(path, "must not be empty" if rule.min_items == 1
                            else f"needs at least {rule.min_items} {what}")

    def _scalar(self, raw: Any, rule: Key, path: list[Segment]) -> Any:
        kind = rule.kind
        textual = kind in ("str", "guid", "timestamp", "regex", "url", "specifier")
        expected, wording = ((str, "a string") if textual else {
            "int": (int, "an integer"), "number": ((int, float), "a number"),
            "bool": (bool, "true or false")}[kind])
        # bool is an int in Python: true must never pass as 1.
        if (isinstance(raw, bool) and kind != "bool") or not isinstance(raw, expected):
            raise self.fail(path, f"must be {wording}, not {self.kind_of(raw)}")
        if isinstance(raw, float) and not math.isfinite(raw):
            raise self.fail(path, f"must be a finite number, not {raw}")
        if isinstance(raw, str) and not rule.blank and not raw.strip():
            raise self.fail(path, "must not be empty")
        if kind == "guid" and not GUID.match(raw):
            raise self.fail(path, f"{raw!r} is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)")
        if kind == "timestamp":
            self._timestamp(raw, path)
        if kind == "regex":
            try:
                re.compile(raw)
            except re.error as exc:
                raise self.fail(path, f"not a regular expression: {exc}") from None
        if kind == "url":
            self._url(raw, path)
        if kind == "specifier":
            self._specifier(raw, path)
        if rule.pattern is not None and isinstance(raw, str) and not re.match(rule.pattern, raw):
            shown = rule.describe or f"does not match {rule.pattern}"
            raise self.fail(path, f"{raw!r}: {shown}")
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            self._range(raw, rule, path)
        if rule.choices is not None and raw not in rule.choices:
            raise self.fail(path, f"{raw!r} is not one of: {', '.join(map(str, rule.choices))}")
        return raw.lower() if kind == "guid" else raw

    def _range(self, raw: float, rule: Key, path: list[Segment]) -> None:
        if rule.above is not None and not raw > rule.above:
            raise self.fail(path, f"must be more than {rule.above:g}, not {raw:g}")
        if rule.minimum is not None and raw < rule.minimum:
            raise self.fail(path, f"must be at least {rule.minimum:g}, not {raw:g}")
        if rule.maximum is not None and raw > rule.maximum:
            raise self.fail(path, f"must be at most {rule.maximum:g}, not {raw:g}")

    def _time(self, raw: Any, path: list[Segment]) -> datetime:
        if isinstance(raw, str):
            self._timestamp(raw, path)
            raw = datetime.fromisoformat(raw)
        if not isinstance(raw, datetime):
            raise self.fail(path, f"must be a time, not {self.kind_of(raw)}")
        if raw.tzinfo is None:
            raise self.fail(path, "the time needs a zone (end it with Z)")
        return raw.astimezone(UTC)

    def _timestamp(self, raw: str, path: list[Segment]) -> None:
        problem = f"{raw!r} is not an RFC 3339 time such as 2026-11-20T10:00:00Z"
        if not RFC3339.match(raw):
            raise self.fail(path, problem)
        try:
            datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(path, problem) from None

    def _url(self, raw: str, path: list[Segment]) -> None:
        try:
            parts = urlsplit(raw)
            port = parts.port
        except ValueError as exc:
            raise self.fail(path, f"{raw!r} is not a URL ({exc})") from None
        if parts.scheme != "https" or not parts.hostname or port == 0:
            raise self.fail(path, f"{raw!r} is not an https:// URL with a host")

    def _specifier(self, raw: str, path: list[Segment]) -> None:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            SpecifierSet(raw)
        except InvalidSpecifier:
            raise self.fail(path, f"{raw!r} is not a version specifier such as ==0.28.* "
                                  "(\"\" for any version)") from None


def _fresh(default: Any) -> Any:
    if isinstance(default, list | dict):
        return type(default)(default)
    return default


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime | date):
        return "a date"
    if value is None:
        return "null"
    return type(value).__name__
