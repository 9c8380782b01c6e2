"""What a watch keeps in its folder: ``rounds.jsonl`` (every round, appended), ``state.json``
(the board now, for the web page), ``index.html``, and at the end the gradebook.

Every file is written atomically (outputs.write_text); ``rounds.jsonl`` is rewritten whole with
the new round appended, so a reader never sees half a line. A round record names, per student,
the kind of each task and the grade's score and status: no report text, no read, no secret.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import LocatedError, read_input
from ..outputs import write_text
from .board import Board
from .sighting import Sighting

ROUNDS_FILE = "rounds.jsonl"
STATE_FILE = "state.json"
PAGE_FILE = "index.html"
WATCH_KIND = "watch"  # the manifest kind of a watch's folder
FORMAT = 1


def now_text() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def time_text(moment: datetime | None) -> str:
    if moment is None:
        return now_text()
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def round_record(number: int, at: datetime | None, started: str, seconds: float,
                 sightings: Sequence[Sighting], folders: dict[str, str]) -> dict[str, Any]:
    students = {}
    for seen in sightings:
        students[seen.student] = {**seen.record(), "folder": folders.get(seen.student, "")}
    return {"format": FORMAT, "round": number, "at": time_text(at), "started": started,
            "seconds": round(seconds, 3),
            "paced_seconds": round(sum(s.paced_seconds for s in sightings), 3),
            "throttled": sum(s.throttled for s in sightings), "students": students}


def append_round(folder: Path, record: dict[str, Any]) -> None:
    path = folder / ROUNDS_FILE
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    write_text(path, before + json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


_RECORD_KEYS = {"round": int, "at": str, "students": dict}
_STUDENT_KEYS = {"tasks": dict, "failing": list, "status": str}


def read_rounds(path: Path) -> list[dict[str, Any]]:
    """The rounds of ``rounds.jsonl``, each checked; a bad line is named with its line."""
    records = []
    for line, text in enumerate(read_input(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LocatedError(path, f"not JSON: {exc.msg}", line=line) from None
        if not isinstance(record, dict) or record.get("format") != FORMAT:
            raise LocatedError(path, f"not a round of a labverify watch (format {FORMAT})",
                               line=line, field="format")
        for key, kind in _RECORD_KEYS.items():
            if not isinstance(record.get(key), kind):
                raise LocatedError(path, f"missing or not a {kind.__name__}", line=line,
                                   field=key)
        for name, seen in record["students"].items():
            for key, kind in _STUDENT_KEYS.items():
                if not isinstance(seen, dict) or not isinstance(seen.get(key), kind):
                    raise LocatedError(path, f"missing or not a {kind.__name__}", line=line,
                                       field=f"students.{name}.{key}")
        if records and record["round"] <= records[-1]["round"]:
            raise LocatedError(path, f"round {record['round']} after round "
                                     f"{records[-1]['round']}", line=line, field="round")
        records.append(record)
    return records


def state(board: Board, titles: dict[int, str], lang: str) -> dict[str, Any]:
    """The board as the web page reads it."""
    students = []
    for s in board.ordered():
        shown = s.shown or {}
        students.append({
            "name": s.name, "report": f"{s.folder}/report.html" if s.folder else "",
            "tasks": {str(t): s.kind(t) for t in board.tasks},
            "score": shown.get("score"), "max_score": shown.get("max_score"),
            "status": shown.get("status", ""), "stale_since": s.stale_since,
            "stale_reason": s.stale_reason, "failing": shown.get("failing", []),
            "stuck": ({"check": s.stuck_check, "rounds": s.stuck_rounds}
                      if board.is_stuck(s) else None)})
    return {"format": FORMAT, "lang": lang, "round": board.round, "at": board.at,
            "started": board.started, "seconds": round(board.seconds, 1),
            "tasks": [{"number": t, "title": titles.get(t, str(t))} for t in board.tasks],
            "counts": {str(t): c for t, c in board.counts().items()},
            "changes": board.changes, "students": students}


def write_state(folder: Path, data: dict[str, Any]) -> None:
    write_text(folder / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
