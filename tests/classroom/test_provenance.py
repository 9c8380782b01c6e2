"""Provenance: the session digest is stable, sensitive to content, and reports carry it all."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from labverify import __version__
from labverify.config import LabConfig
from labverify.recording.session import read_meta
from labverify.report.provenance import (
    live_provenance,
    replay_provenance,
    session_digest,
    session_files,
)

from .conftest import SESSIONS


def test_the_digest_lists_relative_posix_paths_in_a_fixed_order(tmp_path: Path) -> None:
    listed = [name for name, _ in session_files(SESSIONS / "complete")]
    assert listed == sorted(listed)
    assert "arm/accounts.yaml" in listed and "session.json" in listed
    assert all(not name.startswith("/") and "\\" not in name for name in listed)


def test_the_digest_depends_on_content_and_names_not_on_location_or_creation_order(
        tmp_path: Path) -> None:
    original = SESSIONS / "complete"
    copy = tmp_path / "elsewhere" / "renamed-dir"
    # Files created in the reverse of their listed order.
    for name, path in reversed(session_files(original)):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy / name)
    assert session_digest(copy) == session_digest(original)
    accounts = copy / "arm" / "accounts.yaml"
    accounts.write_bytes(accounts.read_bytes() + b"\n")
    assert session_digest(copy) != session_digest(original)
    accounts.write_bytes((original / "arm" / "accounts.yaml").read_bytes())
    accounts.rename(copy / "arm" / "accounts2.yaml")
    assert session_digest(copy) != session_digest(original)


def test_replay_provenance_holds_the_session_s_facts_and_nothing_of_now(
        lab_config: LabConfig) -> None:
    session = SESSIONS / "t7-job-running"
    meta = read_meta(session)
    first = replay_provenance(session, meta, lab_config)
    assert first == replay_provenance(session, meta, lab_config)
    assert first["origin"] == meta.origin and first["taken_at"] == meta.taken_at
    assert first["recorded_with"] == meta.labverify_version and first["graded_with"] == __version__
    assert first["lab_config_digest"] == meta.lab_config_digest
    assert first["grading_config_digest"] == lab_config.digest
    assert first["session_digest"] == session_digest(session)
    assert first["session"] == "t7-job-running"  # the folder name, not where it lies


def test_live_provenance_records_when_azure_was_read(lab_config: LabConfig) -> None:
    when = dt.datetime(2026, 11, 20, 9, 30, 5, tzinfo=dt.UTC)
    live = live_provenance(lab_config, None, when)
    assert live["taken_at"] == "2026-11-20T09:30:05Z" and live["target"] == "azure"
    assert live["origin"] == "live" and "session_digest" not in live


def test_every_report_of_a_replayed_session_carries_its_provenance(graded_class: Path) -> None:
    folder = graded_class / "students" / "complete"
    digest = session_digest(SESSIONS / "complete")
    data = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert data["extra_data"]["provenance"]["session_digest"] == digest
    assert f"Session digest: {digest}" in data["output"]
    for name in ("report.html", "report.md", "junit.xml"):
        text = (folder / name).read_text(encoding="utf-8")
        assert digest in text and read_meta(SESSIONS / "complete").taken_at in text, name
