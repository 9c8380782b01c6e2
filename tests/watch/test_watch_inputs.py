"""Bad input to ``labverify watch``: one located line, exit 2, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labverify.cli import main

AFTERNOON = ["--roster", "afternoon", "--rounds", "1", "--every", "0", "--jobs", "1"]


@pytest.mark.parametrize("args, words", [
    (["--tick", "30m"], "--tick moves the worlds' clock: give --clock too"),
    (["--serve", "0"], "--serve serves the watch's folder: give --out DIR"),
    (["--clock", "13:00"], "is not a time with its zone"),
    (["--tick", "half an hour", "--clock", "2026-11-20T13:00:00Z"], "is not a length of time"),
    (["--serve", "70000", "--out", "x"], "is not a port"),
    (["--rounds", "0"], "is not 1 or more"),
    (["--budget", "0"], "is not a number of seconds above 0"),
])
def test_a_bad_argument_is_one_line_and_exit_2(args: list[str], words: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["watch", *AFTERNOON, *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1, err
    assert list(tmp_path.iterdir()) == []


def test_replay_takes_no_option_of_a_live_watch(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--replay", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "--out is for watching a class" in capsys.readouterr().err


@pytest.mark.parametrize("line, where", [
    ("not json", ":2: not JSON"),
    (json.dumps({"format": 2, "round": 2, "at": "x", "students": {}}), ":2: format:"),
    (json.dumps({"format": 1, "round": 1, "at": "x", "students": {}}), ":2: round: round 1 after"),
    (json.dumps({"format": 1, "round": 2, "at": "x", "students": {"ann": {"tasks": []}}}),
     ":2: students.ann.tasks:"),
])
def test_a_bad_round_is_named_with_its_line(line: str, where: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    good = {"format": 1, "round": 1, "at": "2026-11-20T13:00:00Z",
            "students": {"ann": {"tasks": {"1": "done"}, "failing": [], "status": "graded"}}}
    (tmp_path / "rounds.jsonl").write_text(json.dumps(good) + "\n" + line + "\n",
                                           encoding="utf-8")
    assert main(["watch", "--replay", str(tmp_path), "--every", "0"]) == 2
    err = capsys.readouterr().err
    assert f"rounds.jsonl{where}" in err and len(err.strip().splitlines()) == 1, err


def test_an_out_folder_that_is_not_a_watch_s_is_refused(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["watch", *AFTERNOON, "--out", str(tmp_path)]) == 2
    assert "--out folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_roster_cannot_be_an_output(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "gradebook.csv"
    roster.write_text("student,world\n", encoding="utf-8")
    assert main(["watch", "--roster", str(roster), "--out", str(tmp_path)]) == 2
    assert roster.read_text(encoding="utf-8") == "student,world\n"


def test_a_refused_row_is_in_the_gradebook_and_the_watch_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labverify.paths import WORLDS_DIR

    roster = tmp_path / "roster.csv"
    roster.write_text(f"student,world\nann,{(WORLDS_DIR / 'complete.toml').as_posix()}\n"
                      f"bob,{(tmp_path / 'missing.toml').as_posix()}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["watch", "--roster", str(roster), "--rounds", "1", "--every", "0", "--tasks",
                 "1", "--jobs", "1", "--out", str(out)]) == 1
    assert "missing.toml: world file not found" in capsys.readouterr().err
    gradebook = (out / "gradebook.csv").read_text("utf-8").splitlines()
    assert gradebook[1].startswith("ann,") and gradebook[2].startswith("bob,")
    assert ",error," in gradebook[2] and "world file not found" in gradebook[2]
