"""Waivers: an instructor excuses a check for a student, with a justification, until a date.

A waiver file is TOML::

    [[waiver]]
    student = "alice"            # or "*" for every student
    check = "t7-job-succeeded"
    justification = "Fine-tuning quota was exhausted in the region on lab day"
    expires = 2026-12-31         # last day the waiver applies

or CSV with the header ``student,check,justification,expires``. A waiver applies while the
grading date is on or before ``expires``; after that it is ignored and reported as expired,
so an instructor sees that an excuse ran out instead of it vanishing silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalogue import ui
from ..errors import LabverifyError, LocatedError, read_input
from ..tomlfile import parse_toml

FIELDS = ("student", "check", "justification", "expires")
WAIVED = "waived"
EXPIRED = "expired"


@dataclass(frozen=True)
class Waiver:
    student: str
    check: str
    justification: str
    expires: dt.date
    source: str  # file:line, shown beside the waiver in reports


@dataclass(frozen=True)
class WaiverDecision:
    """What a waiver did to one scenario of one student: ``waived`` or ``expired``."""

    check: str
    state: str
    justification: str
    expires: str
    source: str

    def describe(self, lang: str = "en") -> str:
        key = "waiver.applied" if self.state == WAIVED else "waiver.expired"
        return ui(key, lang, expires=self.expires, justification=self.justification)

    def to_dict(self) -> dict[str, str]:
        return {"state": self.state, "justification": self.justification,
                "expires": self.expires, "source": self.source}


def load_waivers(path: Path, known_checks: set[str] | None = None) -> list[Waiver]:
    """Read a TOML or CSV waiver file; any problem is a located error naming the line."""
    text = read_input(path)
    if path.suffix.lower() == ".csv":
        entries = _csv_entries(path, text)
    else:
        entries = _toml_entries(path, text)
    return [_waiver(path, line, entry, known_checks) for line, entry in entries]


def _toml_entries(path: Path, text: str) -> list[tuple[int | None, dict[str, Any]]]:
    data = parse_toml(path, text)
    unknown = sorted(set(data) - {"waiver"})
    if unknown:
        raise LocatedError(path, "unknown table (waivers are [[waiver]] entries)",
                           field=unknown[0])
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise LocatedError(path, "must be [[waiver]] entries", field="waiver")
    # tomllib keeps no line numbers; the n-th [[waiver]] header starts the n-th entry.
    headers = [n for n, line in enumerate(text.splitlines(), start=1)
               if re.match(r"^\s*\[\[\s*waiver\s*\]\]", line)]
    return [(headers[i] if i < len(headers) else None, entry) for i, entry in enumerate(entries)]


def _csv_entries(path: Path, text: str) -> list[tuple[int | None, dict[str, Any]]]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [f for f in FIELDS if f not in header]
    unknown = [h for h in header if h not in FIELDS]
    if missing or unknown:
        problem = (f"missing column {missing[0]!r}" if missing else f"unknown column {unknown[0]!r}")
        raise LocatedError(path, f"{problem} (columns: {', '.join(FIELDS)})", line=1)
    entries: list[tuple[int | None, dict[str, Any]]] = []
    for row in reader:
        cells = {(k or "").strip(): (v or "").strip() if isinstance(v, str) else v
                 for k, v in row.items()}
        if None in row or "" in cells:
            raise LocatedError(path, "more cells than columns", line=reader.line_num)
        if not any(cells.values()):
            continue
        entries.append((reader.line_num, cells))
    return entries


def _waiver(path: Path, line: int | None, entry: Any, known: set[str] | None) -> Waiver:
    if not isinstance(entry, dict):
        raise LocatedError(path, "a waiver must be a table", line=line)
    for key in entry:
        if key not in FIELDS:
            raise LocatedError(path, f"unknown key (known: {', '.join(FIELDS)})", line=line,
                               field=key)
    values: dict[str, str] = {}
    for key in ("student", "check", "justification"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise LocatedError(path, "missing or empty", line=line, field=key)
        values[key] = value.strip()
    if known is not None and values["check"] not in known:
        raise LocatedError(path, f"no scenario has the check id {values['check']!r}",
                           line=line, field="check")
    expires = _date(path, line, entry.get("expires"))
    where = f"{path.name}:{line}" if line else path.name
    return Waiver(values["student"], values["check"], values["justification"], expires, where)


def _date(path: Path, line: int | None, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise LocatedError(path, "a date without a time, e.g. 2026-12-31", line=line,
                           field="expires")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    shown = "missing" if value is None else f"{value!r} is not a date"
    raise LocatedError(path, f"{shown} (YYYY-MM-DD)", line=line, field="expires")


def parse_as_of(text: str | None) -> dt.date:
    """The grading date waivers are judged against; today unless given."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise LabverifyError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from None


def decide(waivers: list[Waiver], student: str, checks: list[str],
           as_of: dt.date) -> dict[str, WaiverDecision]:
    """The waiver decision for each of ``checks`` that has a waiver for ``student``.

    One that still applies beats an expired one, then a waiver naming the student beats a
    ``*`` one, then the one lasting longest.
    """
    decided: dict[str, WaiverDecision] = {}
    for check in checks:
        matching = [w for w in waivers if w.check == check and w.student in (student, "*")]
        if not matching:
            continue
        best = max(matching, key=lambda w: (as_of <= w.expires, w.student == student, w.expires))
        state = WAIVED if as_of <= best.expires else EXPIRED
        decided[check] = WaiverDecision(check, state, best.justification,
                                        best.expires.isoformat(), best.source)
    return decided
