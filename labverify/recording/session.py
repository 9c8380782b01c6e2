"""A recorded session: one self-contained directory of cassettes plus its own metadata file.

The metadata is kept out of the cassettes on purpose: pytest-recording cannot read vcrpy's
cassette metadata back, and a session must stay readable by plain vcrpy tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import LocatedError

METADATA_FILE = "session.json"
FORMAT = 1
ORIGINS = ("live", "synthesized")


@dataclass
class SessionMeta:
    origin: str
    taken_at: str
    labverify_version: str
    lab_id: str
    lab_config_digest: str
    subscription_id: str
    resource_group: str
    principal_id: str
    description: str = ""
    world: str = ""
    format: int = FORMAT
    extra: dict = field(default_factory=dict)


def cassette_path(session_dir: Path, name: str) -> Path:
    """Cassettes are named after the Azure read they hold, never after a scenario title."""
    return session_dir.joinpath(*name.split("/")).with_suffix(".yaml")


def read_meta(session_dir: Path) -> SessionMeta:
    path = session_dir / METADATA_FILE
    if not session_dir.is_dir():
        raise LocatedError(session_dir, "recorded session directory not found")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LocatedError(path, f"missing: a recorded session needs its {METADATA_FILE}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise LocatedError(path, f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    if not isinstance(data, dict):
        raise LocatedError(path, "must hold a JSON object")
    known = set(SessionMeta.__dataclass_fields__)
    for key in data:
        if key not in known:
            raise LocatedError(path, "unknown field", field=key)
    for key in ("origin", "taken_at", "labverify_version", "lab_id", "lab_config_digest",
                "subscription_id", "resource_group", "principal_id"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise LocatedError(path, "missing or not a string", field=key)
    if data["origin"] not in ORIGINS:
        raise LocatedError(path, f"must be one of {', '.join(ORIGINS)}", field="origin")
    if data.get("format", FORMAT) != FORMAT:
        raise LocatedError(path, f"session format {data.get('format')} is not {FORMAT}",
                           field="format")
    return SessionMeta(**data)


def write_meta(session_dir: Path, meta: SessionMeta) -> Path:
    session_dir.mkdir(parents=True, exist_ok=True)
    path = session_dir / METADATA_FILE
    path.write_text(json.dumps(asdict(meta), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
