"""Where a grading came from: the session's origin and age, versions, config and content digests.

A replayed session's provenance holds nothing of the moment it was graded, so grading the same
session twice writes byte-identical reports; only live grading records a time, the time Azure
was read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from .. import __version__
from ..config import LabConfig
from ..recording.session import SessionMeta


def session_files(session_dir: Path) -> list[tuple[str, Path]]:
    """The session's files as (relative POSIX path, path), in code-point order of the path.

    Code-point order of the text equals byte order of its UTF-8 form, so every platform and
    file system lists a session the same way.
    """
    files = [(p.relative_to(session_dir).as_posix(), p)
             for p in session_dir.rglob("*") if p.is_file()]
    return sorted(files)


def session_digest(session_dir: Path) -> str:
    """sha256 over every file's relative path and content digest: one value per session."""
    total = hashlib.sha256()
    for relative, path in session_files(session_dir):
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        # NUL cannot occur in a path, so no two listings hash the same text.
        total.update(f"{relative}\0{content}\n".encode())
    return "sha256:" + total.hexdigest()


def replay_provenance(session_dir: Path, meta: SessionMeta, config: LabConfig) -> dict[str, Any]:
    return {
        "mode": "replay",
        "session": session_dir.name,
        "origin": meta.origin,
        "taken_at": meta.taken_at,
        "description": meta.description,
        "recorded_with": meta.labverify_version,
        "graded_with": __version__,
        "lab_id": meta.lab_id,
        "lab_config_digest": meta.lab_config_digest,
        "grading_config_digest": config.digest,
        "session_digest": session_digest(session_dir),
    }


def live_provenance(config: LabConfig, world: Path | None,
                    now: dt.datetime | None = None) -> dict[str, Any]:
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return {
        "mode": "live",
        "origin": "live",
        "target": "azure" if world is None else f"azure double ({world.name})",
        "taken_at": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "graded_with": __version__,
        "lab_id": config.lab_id,
        "lab_config_digest": config.digest,
        "grading_config_digest": config.digest,
    }


# The fields reports show first, in this order; each has a label in the catalogue
# (``provenance.<field>`` in ``[ui]``).
KNOWN_FIELDS = ("mode", "session", "origin", "target", "taken_at", "description",
                "recorded_with", "graded_with", "lab_id", "lab_config_digest",
                "grading_config_digest", "session_digest")


def provenance_rows(provenance: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(field, value, known) for reports, known fields first in a fixed order."""
    rows = [(k, str(provenance[k]), True) for k in KNOWN_FIELDS
            if provenance.get(k) not in (None, "")]
    rows += [(k, str(v), False) for k, v in sorted(provenance.items()) if k not in KNOWN_FIELDS]
    return rows
