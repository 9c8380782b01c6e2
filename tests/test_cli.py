"""The labverify command: grading, results files, exit codes and located errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from labverify.cli import main
from labverify.paths import PROJECT_ROOT

SESSIONS = PROJECT_ROOT / "cassettes"


def test_grading_the_bundled_session_writes_results_document(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    assert main(["grade", "--tasks", "1-3", "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["score"] == data["max_score"] == 40.0
    tests = data["tests"]
    assert {t["extra_data"]["task"] for t in tests} == {1, 2, 3}
    assert all(t["status"] == "passed" and t["extra_data"]["verdict"] == "pass" for t in tests)
    assert set(tests[0]) >= {"name", "number", "score", "max_score", "status", "output"}
    assert [t["number"] for t in tests[:3]] == ["1.1", "1.2", "1.3"]
    assert data["extra_data"]["final"] is True and data["extra_data"]["status"] == "graded"
    assert "Score: 40.00 / 40.00" in capsys.readouterr().out


def test_a_failing_session_exits_non_zero_with_hints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    code = main(["grade", str(SESSIONS / "t1-wrong-region"), "--tasks", "1", "--json", str(out)])
    assert code == 1
    tests = {t["extra_data"]["check"]: t for t in json.loads(out.read_text())["tests"]}
    region = tests["t1-region"]
    assert region["status"] == "failed" and region["score"] == 0
    assert "eastus" in region["output"] and "What to do:" in region["output"]
    assert region["extra_data"]["evidence"]["seen"] == "eastus"
    assert "not done yet" in capsys.readouterr().out


def test_in_progress_and_error_are_not_passes(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert main(["grade", str(SESSIONS / "t7-job-running"), "--tasks", "7", "--json", str(out)]) == 1
    running = json.loads(out.read_text())
    verdicts = {t["extra_data"]["check"]: t["extra_data"]["verdict"] for t in running["tests"]}
    assert verdicts["t7-job-succeeded"] == "in_progress"
    assert running["extra_data"]["status"] == "in_progress" and not running["extra_data"]["final"]
    assert main(["grade", str(SESSIONS / "t3-grader-forbidden-listkeys"), "--tasks", "3",
                 "--json", str(out)]) == 1
    data = json.loads(out.read_text())
    keys = next(t for t in data["tests"] if t["extra_data"]["check"] == "t3-keys")
    assert keys["extra_data"]["verdict"] == "error" and keys["output"].startswith("Could not verify")
    # The grader's missing permission costs nothing: out of the score and the maximum.
    assert (keys["score"], keys["max_score"]) == (0, 0)
    assert data["score"] == data["max_score"] == 5.0 and data["extra_data"]["status"] == "incomplete"
    assert "Incomplete: 1 check(s) could not be verified" in data["output"]


@pytest.mark.parametrize("args, words", [
    (["grade", "no/such/session"], "recorded session directory not found"),
    (["grade", "--tasks", "12"], "there is no task 12"),
    (["grade", "--lab-config", "missing.toml"], "missing.toml: file not found"),
    (["grade", "--world", "w.toml"], "--world needs --live or --record"),
])
def test_bad_input_is_one_clear_line(args: list[str], words: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_a_session_without_metadata_is_named(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "s"
    shutil.copytree(SESSIONS / "complete", broken)
    (broken / "session.json").write_text("{not json", encoding="utf-8")
    assert main(["grade", str(broken)]) == 2
    assert "session.json:1: invalid JSON" in capsys.readouterr().err


def test_record_never_replaces_a_session_without_force(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "rec"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    world = PROJECT_ROOT / "fixtures" / "worlds" / "complete.toml"
    record = ["grade", "--world", str(world), "--tasks", "1", "--record"]
    # A folder of someone else's files is never replaced, --force or not.
    for force in ([], ["--force"]):
        assert main([*record, str(target), *force]) == 2
        assert "holds files labverify did not write (keep.txt)" in capsys.readouterr().err
        assert [p.name for p in target.iterdir()] == ["keep.txt"]
    assert (target / "keep.txt").read_text() == "mine"
    # A session labverify wrote is replaced only with --force.
    fresh = tmp_path / "fresh"
    assert main([*record, str(fresh)]) == 0
    first = (fresh / "session.json").read_bytes()
    assert main([*record, str(fresh)]) == 2
    assert "pass --force to replace it" in capsys.readouterr().err
    assert main([*record, str(fresh), "--force"]) == 0
    assert (fresh / "session.json").read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh", "rec"]  # nothing left aside


def test_live_grading_against_the_double_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    world = PROJECT_ROOT / "fixtures" / "worlds" / "complete.toml"
    before = sorted(p for p in PROJECT_ROOT.joinpath("cassettes").rglob("*"))
    assert main(["grade", "--live", "--world", str(world), "--tasks", "1-3"]) == 0
    assert list(tmp_path.iterdir()) == []
    assert sorted(p for p in PROJECT_ROOT.joinpath("cassettes").rglob("*")) == before


def test_the_command_exits_with_mains_code_and_its_objects_frozen(tmp_path: Path) -> None:
    # What the ``labverify`` script runs: main's exit code, and the objects it leaves frozen, so
    # that the interpreter's last garbage collection at exit passes over them.
    import subprocess
    import sys

    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "from labverify.cli import console_main\n"
            "sys.argv = ['labverify', 'grade', '--json', 'out.json']\n"
            "console_main()\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "frozen True"
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["score"] > 0
