"""Rosters: replayed and live rows, located errors for bad rows, and the other rows still graded."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from labverify.cli import main
from labverify.paths import PROJECT_ROOT

from .conftest import SESSIONS

WORLD = PROJECT_ROOT / "fixtures" / "worlds" / "complete.toml"
SUB = "00000000-0000-0000-aaaa-000000000009"
PRINCIPAL = "00000000-0000-0000-cccc-000000000009"


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    for name in ("complete", "t1-wrong-region"):
        shutil.copytree(SESSIONS / name, tmp_path / "sessions" / name)
    lines = [
        "student,subscription_id,resource_group,principal_id,session,world",
        "ann,,,,sessions/complete,",                                     # 2 replayed
        "bob,not-a-guid,,,,",                                            # 3
        ",,,,sessions/complete,",                                        # 4
        "ann,,,,sessions/t1-wrong-region,",                              # 5
        "cy,,,,sessions/nope,",                                          # 6
        f"dee,,,,sessions/complete,{WORLD}",                             # 7
        f"eve,{SUB},,,,",                                                # 8
        f"fay,{SUB},OtherGroup,{PRINCIPAL},,",                           # 9
        "gus,a,b,c,d,e,f,g",                                             # 10
        f"hal,,,,,{WORLD}",                                              # 11 live, the double
        "",                                                              # 12 blank: skipped
        "ivy,,,,sessions/t1-wrong-region,",                              # 13 replayed
    ]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_located_and_the_good_rows_are_graded(
        roster: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "grades"
    code = main(["grade", "--roster", str(roster), "--out", str(out), "--tasks", "1",
                 "--jobs", "2"])
    assert code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = [
        f"{roster}:3: subscription_id: 'not-a-guid' is not a GUID",
        f"{roster}:4: student: missing: every row names its student",
        f"{roster}:5: student: 'ann' is already on line 2",
        f"{roster}:6: session: {roster.parent / 'sessions' / 'nope'}: recorded session "
        "directory not found",
        f"{roster}:7: world: a row has a session or a world, not both",
        f"{roster}:8: principal_id: missing: live grading needs the student's object id",
        f"{roster}:9: resource_group: 'OtherGroup' is not the lab config's resource group "
        "'ResourceGroup1'",
        f"{roster}:10: 8 cells, the header has 6",
    ]
    lines = err.strip().splitlines()
    for message in expected:
        assert any(line.startswith(f"error: {message}") for line in lines), message
    assert len(lines) == len(expected)
    table = {r["student"]: r for r in csv.DictReader(
        io.StringIO((out / "gradebook.csv").read_text(encoding="utf-8")))}
    assert {s for s, r in table.items() if r["status"] == "graded"} == {"ann", "hal", "ivy"}
    assert {s for s, r in table.items() if r["status"] == "error"} == \
        {"bob", "cy", "dee", "eve", "fay", "gus"}
    assert table["ann"]["task1"] == "20" and table["hal"]["task1"] == "20"
    assert float(table["ivy"]["task1"]) < 20
    assert "is not a GUID" in table["bob"]["note"]
    assert sorted(p.name for p in (out / "students").iterdir()) == ["ann", "hal", "ivy"]
    live = json.loads((out / "students" / "hal" / "results.json").read_text(encoding="utf-8"))
    provenance = live["extra_data"]["provenance"]
    assert provenance["mode"] == "live" and provenance["target"] == "azure double (complete.toml)"
    assert provenance["taken_at"].endswith("Z") and "session_digest" not in provenance
    replayed = json.loads((out / "students" / "ann" / "results.json").read_text(encoding="utf-8"))
    assert replayed["extra_data"]["provenance"]["session"] == "complete"


@pytest.mark.parametrize("header, words", [
    ("student,colour", "roster.csv:1: colour: unknown column"),
    ("session,world", "roster.csv:1: the roster needs a student column"),
    ("student,session,session", "roster.csv:1: session: column appears twice"),
])
def test_a_bad_header_stops_before_grading(tmp_path: Path, header: str, words: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(header + "\nann,x\n", encoding="utf-8")
    assert main(["grade", "--roster", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_roster_is_sharded_by_row(roster: Path, tmp_path: Path) -> None:
    from labverify.batch import read_roster, select_shard

    items = read_roster(roster, "ResourceGroup1")
    assert len(items) == 11  # the blank line is no row
    first, second = select_shard(items, "1/2"), select_shard(items, "2/2")
    assert first == items[0::2] and second == items[1::2]
