"""``labverify watch`` on the bundled afternoon class: the class progresses as the worlds'
timelines say, round after round, in every file the watch keeps.

The watch runs once, as a user runs it (a process of its own, two workers), five rounds of
the class's clock from 13:00 in steps of 30 minutes. What it shows is checked against the
timelines (labverify.watch.classgen) and against gradings of single students made here, alone,
at the same clocks.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from labverify.batch import grade_once, read_roster
from labverify.config import load_config
from labverify.paths import CLASSES_DIR
from labverify.watch.classgen import AFTERNOON, START, write_class
from labverify.watch.rounds import RoundSettings
from labverify.watch.sighting import Sighting

ROSTER = CLASSES_DIR / "afternoon" / "roster.csv"
ROUNDS = 5
TICK = timedelta(minutes=30)
COMMAND = ["watch", "--roster", "afternoon", "--rounds", str(ROUNDS), "--every", "0",
           "--clock", "2026-11-20T13:00:00Z", "--tick", "30m", "--budget", "3", "--jobs", "2"]


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]], str]:
    out = tmp_path_factory.mktemp("watch") / "afternoon"
    done = subprocess.run([sys.executable, "-m", "labverify.cli", *COMMAND, "--out", str(out)],
                          capture_output=True, text=True, encoding="utf-8", timeout=600,
                          cwd=tmp_path_factory.mktemp("elsewhere"))
    assert done.returncode == 0, done.stderr
    rounds = [json.loads(line) for line in (out / "rounds.jsonl").read_text("utf-8").splitlines()]
    return out, rounds, done.stdout


def kinds(rounds: list[dict[str, Any]], student: str, task: int) -> list[str]:
    return [r["students"][student]["tasks"][str(task)] for r in rounds]


def test_the_bundled_class_is_what_its_generator_writes(tmp_path: Path) -> None:
    write_class(tmp_path, AFTERNOON)
    bundled = CLASSES_DIR / "afternoon"
    names = sorted(p.name for p in (bundled / "worlds").glob("*.toml"))
    assert names == sorted(p.name for p in (tmp_path / "worlds").glob("*.toml"))
    assert len(names) == 30
    for name in names:
        # The same worlds: only the path to the base differs between the two folders.
        ours = (tmp_path / "worlds" / name).read_text("utf-8").splitlines()[3:]
        theirs = (bundled / "worlds" / name).read_text("utf-8").splitlines()[3:]
        assert ours == theirs, name


def test_every_round_is_kept_with_the_clock_it_read_the_worlds_at(watched) -> None:
    _, rounds, _ = watched
    assert [r["round"] for r in rounds] == list(range(1, ROUNDS + 1))
    assert [r["at"] for r in rounds] == [
        (START + n * TICK).isoformat().replace("+00:00", "Z") for n in range(ROUNDS)]
    assert all(len(r["students"]) == 30 for r in rounds)


def test_the_class_progresses_as_the_timelines_say(watched) -> None:
    _, rounds, _ = watched
    # Lin Wei: resource at 13:05, job running from 13:35 for an hour, deployed by 14:55.
    assert kinds(rounds, "Lin Wei", 1) == ["not_started", "done", "done", "done", "done"]
    assert kinds(rounds, "Lin Wei", 7) == ["not_started", "under_way", "under_way",
                                           "under_way", "done"]
    assert kinds(rounds, "Lin Wei", 9)[-1] == "done"
    # Hsu Pei-Shan never starts: nothing of task 1, round after round.
    assert set(kinds(rounds, "Hsu Pei-Shan", 1)) == {"not_started"}
    # Tsai Ya-Wen's job fails at 14:50: wrong from round 5.
    assert kinds(rounds, "Tsai Ya-Wen", 7)[-1] == "wrong"
    # Hsieh Chia-Hui made the resource in the wrong region and never notices.
    assert kinds(rounds, "Hsieh Chia-Hui", 1)[1:] == ["wrong"] * 4


def test_a_student_who_fixes_a_mistake_flips_to_done_in_the_next_round(watched) -> None:
    _, rounds, _ = watched
    # Chang Shu-Fen assigns the OpenAI User role only at 13:50.
    assert kinds(rounds, "Chang Shu-Fen", 2)[1:3] == ["wrong", "done"]
    # Huang Jun-Hao recreates the resource in the right region at 14:10.
    assert kinds(rounds, "Huang Jun-Hao", 1)[1:4] == ["wrong", "wrong", "done"]


def test_a_student_throttled_past_the_budget_is_stale_never_error(watched) -> None:
    out, rounds, _ = watched
    name = "Cheng Tzu-Hsuan"  # ARM throttles the grader's reads from 13:55
    statuses = [r["students"][name]["status"] for r in rounds]
    assert statuses[:2] == ["graded", "graded"] and set(statuses[2:]) == {"incomplete"}
    state = json.loads((out / "state.json").read_text("utf-8"))
    shown = next(s for s in state["students"] if s["name"] == name)
    assert shown["stale_since"] == 3
    # Shown: round 2's grade, not the unverified checks of rounds 3-5.
    assert shown["tasks"] == rounds[1]["students"][name]["tasks"]
    assert "unverified" not in shown["tasks"].values()
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["student"] == name)
    assert "stale since round 3" in row["note"] and row["total"] != ""


def test_each_round_shows_what_grading_the_student_alone_finds(watched) -> None:
    _, rounds, _ = watched
    students = {s.name: s for s in read_roster(ROSTER, load_config(None).resource_group)}
    settings = RoundSettings(_batch())
    for name in ("Lin Wei", "Chang Shu-Fen", "Tsai Ya-Wen", "Wu Hsin-Yi"):
        for number in (1, 3, 5):
            at = START + (number - 1) * TICK
            graded, _ = grade_once(students[name], settings.batch, world_at=at)
            alone = Sighting.from_grade(graded).record()
            assert rounds[number - 1]["students"][name]["tasks"] == alone["tasks"], (name, number)


def _batch():
    from labverify.batch import BatchSettings

    return BatchSettings(out_dir=Path("unused"))


def test_a_job_that_ended_is_not_read_again_until_a_full_round(watched) -> None:
    _, rounds, _ = watched
    name = "Kao Chun-Yi"  # the job succeeds at 14:30 (round 4)
    reads = [r["students"][name]["reads"] for r in rounds]
    assert "openai/fine-tuning-jobs" in reads[3]
    assert "openai/fine-tuning-jobs" not in reads[4]
    assert rounds[4]["students"][name]["tasks"]["7"] == "done"


def test_the_folder_holds_the_page_the_state_and_every_report(watched) -> None:
    out, _, stdout = watched
    state = json.loads((out / "state.json").read_text("utf-8"))
    assert state["round"] == ROUNDS and len(state["students"]) == 30
    page = (out / "index.html").read_text("utf-8")
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    assert json.dumps(state["students"][0]["name"]) in page  # the state is embedded
    for student in state["students"]:
        assert (out / student["report"]).is_file(), student["name"]
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 30
    manifest = json.loads((out / ".labverify-manifest.json").read_text("utf-8"))
    assert {"rounds.jsonl", "state.json", "index.html", "gradebook.csv"} <= set(manifest["files"])
    assert "Round 5 (2026-11-20T15:00:00Z)" in stdout


def test_replay_draws_the_same_afternoon_and_writes_nothing(watched) -> None:
    out, _, stdout = watched
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    done = subprocess.run([sys.executable, "-m", "labverify.cli", "watch", "--replay", str(out),
                           "--every", "0"], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert done.returncode == 0, done.stderr
    summaries = [line for line in done.stdout.splitlines() if line.startswith("Round ")]
    assert summaries == [line for line in stdout.splitlines() if line.startswith("Round ")]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_started_again_in_its_folder_a_watch_goes_on_from_its_rounds(watched, tmp_path) -> None:
    import shutil

    out = tmp_path / "again"
    shutil.copytree(watched[0], out)
    done = subprocess.run([sys.executable, "-m", "labverify.cli", "watch", "--roster", "afternoon",
                           "--rounds", "1", "--every", "0", "--clock", "2026-11-20T15:30:00Z",
                           "--budget", "3", "--jobs", "2", "--out", str(out)],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    lines = (out / "rounds.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["round"] for line in lines] == [1, 2, 3, 4, 5, 6]


def test_every_world_of_the_class_holds_at_every_moment_of_the_afternoon() -> None:
    from labverify.double.world import load_world

    worlds = sorted((CLASSES_DIR / "afternoon" / "worlds").glob("*.toml"))
    for path in worlds:
        for minutes in range(0, 301, 5):
            load_world(path, START + timedelta(minutes=minutes))  # raises where a step is bad


def test_without_a_clock_the_worlds_own_clock_spreads_the_rounds_over_the_afternoon(
        tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "labverify.cli", "watch", "--roster",
                           "afternoon", "--rounds", "3", "--every", "0", "--tasks", "1",
                           "--jobs", "1"], capture_output=True, text=True, encoding="utf-8",
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Note: the worlds' timelines are watched on their own clock: "
                               "round 1 at 2026-11-20T13:00:00Z")
    rounds = [line.split("(")[1].split(")")[0] for line in lines if line.startswith("Round ")]
    # From the class's start to the last step of any timeline, in equal steps.
    assert rounds[0] == "2026-11-20T13:00:00Z" and len(rounds) == 3
    assert rounds[2] > "2026-11-20T16:00:00Z"
