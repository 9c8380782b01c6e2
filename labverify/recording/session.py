"""A recorded session: one self-contained directory of cassettes plus its own metadata file.

The metadata is kept out of the cassettes on purpose: pytest-recording cannot read vcrpy's
cassette metadata back, and a session must stay readable by plain vcrpy tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import LocatedError
from ..jsonfile import JsonLocator, read_json
from ..schema import Key, Validator, opt, req

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


_TEXT = Key("str", required=True, blank=False)
SESSION_SCHEMA: dict[str, Key] = {
    "origin": req("str", choices=ORIGINS),
    "taken_at": req("timestamp"),
    "labverify_version": _TEXT,
    "lab_id": _TEXT,
    "lab_config_digest": req("str", pattern=r"^sha256:[0-9a-f]{64}$",
                             describe="not a digest (sha256:<64 hex digits>)"),
    "subscription_id": req("guid"),
    "resource_group": _TEXT,
    "principal_id": req("guid"),
    "description": opt("str", ""),
    "world": opt("str", ""),
    "format": opt("int", FORMAT, check=lambda v: None if v == FORMAT else
                  f"session format {v} is not {FORMAT}, the one this labverify reads"),
    "extra": opt("map", {}, keys="carry_out", describe="labverify writes only carry_out here",
                 item=Key("bool")),
}


def read_meta(session_dir: Path) -> SessionMeta:
    """A session's metadata, every field checked; any problem names the file, line and field."""
    session_dir = Path(session_dir)
    if not session_dir.is_dir():
        problem = ("is a file, not a recorded session directory" if session_dir.exists()
                   else "recorded session directory not found")
        raise LocatedError(session_dir, problem)
    path = session_dir / METADATA_FILE
    if not path.exists():
        raise LocatedError(path, f"missing: a recorded session needs its {METADATA_FILE}")
    data, text = read_json(path)
    fields = Validator(JsonLocator(path, text), json=True).table(data, SESSION_SCHEMA, [])
    # GUIDs as written: placeholders are already lower case, and a session is never rewritten.
    fields["subscription_id"], fields["principal_id"] = data["subscription_id"], data["principal_id"]
    return SessionMeta(**fields)


def write_meta(session_dir: Path, meta: SessionMeta) -> Path:
    session_dir.mkdir(parents=True, exist_ok=True)
    path = session_dir / METADATA_FILE
    path.write_text(json.dumps(asdict(meta), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path
