"""Two sources for one fact: labverify refuses the pair or says which one it used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labverify.cli import main
from labverify.paths import PROJECT_ROOT

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
SESSIONS = PROJECT_ROOT / "cassettes"


def test_a_worlds_machine_is_said_to_stand_for_the_students(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "not-the-key-at-all")
    results = tmp_path / "r.json"
    assert main(["grade", "--live", "--world", str(WORLDS / "complete.toml"), "--tasks", "4,5",
                 "--json", str(results)]) == 0
    out = capsys.readouterr().out
    assert "Note: tasks 4-6 use the student's machine as" in out and "are not read" in out
    data = json.loads(results.read_text(encoding="utf-8"))
    assert any("[machine]" in note for note in data["extra_data"]["notes"])
    sources = {t["extra_data"]["evidence"].get("facts_from") for t in data["tests"]}
    assert sources == {"stated by complete.toml [machine]"}


def test_a_recorded_session_graded_with_wait_says_it_did_not_wait(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "r.json"
    main(["grade", str(SESSIONS / "t7-job-running"), "--tasks", "7", "--wait", "30",
          "--json", str(results)])
    out = capsys.readouterr().out
    assert "was recorded without waiting for the fine-tuning job" in out
    data = json.loads(results.read_text(encoding="utf-8"))
    verdicts = {t["extra_data"]["check"]: t["extra_data"]["verdict"] for t in data["tests"]}
    # The recorded state is graded: still training, not "could not verify".
    assert verdicts["t7-job-succeeded"] == "in_progress"
    assert "recorded without waiting" in " ".join(data["extra_data"]["notes"])


def test_a_session_that_recorded_its_wait_replays_it_without_a_note(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    session = tmp_path / "waited"
    main(["grade", "--world", str(WORLDS / "t7-job-running.toml"), "--record", str(session),
          "--tasks", "7", "--wait", "30"])
    assert (session / "openai" / "fine-tuning-job-wait.yaml").is_file()
    capsys.readouterr()
    main(["grade", str(session), "--tasks", "7", "--wait", "30"])
    out = capsys.readouterr().out
    assert "recorded without waiting" not in out and "could not verify" not in out


def test_no_machine_note_when_no_machine_fact_is_graded(capsys) -> None:
    assert main(["grade", "--live", "--world", str(WORLDS / "complete.toml"), "--tasks", "1"]) == 0
    assert "Note:" not in capsys.readouterr().out


def test_replay_reads_no_environment_variable(monkeypatch, capsys) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "anything")
    assert main(["grade", str(SESSIONS / "complete"), "--tasks", "5"]) == 0
    assert "Note:" not in capsys.readouterr().out
