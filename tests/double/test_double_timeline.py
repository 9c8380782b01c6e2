"""Worlds that change over time: [[timeline]] steps applied up to the clock they are read at."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from labverify.double.timeline import parse_path
from labverify.double.world import load_world
from labverify.errors import LocatedError
from labverify.paths import WORLDS_DIR

T = "2026-11-20T{}:00Z"


def at(hhmm: str) -> datetime:
    return datetime.fromisoformat(T.format(hhmm).replace("Z", "+00:00"))


@pytest.fixture
def timed(tmp_path: Path) -> Path:
    path = tmp_path / "timed.toml"
    path.write_text(f'''base = "{(WORLDS_DIR / 't7-job-running.toml').as_posix()}"
[world]
clock = "{T.format('10:00')}"

[[timeline]]
at = "{T.format('11:10')}"
set = {{ "jobs[0].status" = "succeeded", "jobs[0].fine_tuned_model" = "" }}

[[timeline]]
at = "{T.format('10:05')}"
set = {{ "jobs[0].status" = "pending", "accounts[0].location" = "eastus" }}

[[timeline]]
at = "{T.format('10:30')}"
set = {{ "jobs[0].status" = "running", "accounts[0].location" = "northcentralus" }}
''', encoding="utf-8")
    return path


def test_the_world_is_read_as_of_a_clock(timed: Path) -> None:
    seen = {hhmm: load_world(timed, at(hhmm)) for hhmm in ("10:00", "10:05", "10:45", "12:00")}
    assert seen["10:00"].jobs[0].status == "running"  # before any step: the file as written
    assert (seen["10:05"].jobs[0].status, seen["10:05"].accounts[0].location) == (
        "pending", "eastus")
    assert (seen["10:45"].jobs[0].status, seen["10:45"].accounts[0].location) == (
        "running", "northcentralus")
    assert seen["12:00"].jobs[0].status == "succeeded"
    assert seen["12:00"].jobs[0].fine_tuned_model.startswith("gpt-4o-mini-2024-07-18.ft-")
    assert [w.clock for w in seen.values()] == [at(h) for h in seen]
    # Ids come from the file, not the moment: the same job at every time.
    assert len({w.jobs[0].id for w in seen.values()}) == 1
    assert len({w.accounts[0].key1 for w in seen.values()}) == 1


def test_without_a_clock_the_world_s_own_is_the_moment(timed: Path) -> None:
    world = load_world(timed)
    assert world.clock == at("10:00") and world.jobs[0].status == "running"


def test_paths_are_tables_and_indexes() -> None:
    assert parse_path("jobs[0].status") == ["jobs", 0, "status"]
    assert parse_path("world.description") == ["world", "description"]
    with pytest.raises(ValueError):
        parse_path("jobs[x].status")


@pytest.mark.parametrize("setting, words", [
    ('{ "jobs[5].status" = "running" }', "timeline[0].set.jobs[5].status: jobs.5: the world has"
                                         " no such entry"),
    ('{ "jobs[0].status" = "training" }', "timeline[0].set: the world it sets is not valid"),
    ('{ "jobs..status" = "running" }', "is not a path like jobs[0].status"),
    ('{}', "timeline[0].set: must not be empty"),
])
def test_a_bad_step_is_located_at_the_step(tmp_path: Path, setting: str, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'base = "{(WORLDS_DIR / "complete.toml").as_posix()}"\n'
                    f'[[timeline]]\nat = "{T.format("09:00")}"\nset = {setting}\n',
                    encoding="utf-8")
    with pytest.raises(LocatedError) as err:
        load_world(path)
    assert str(err.value).startswith(f"{path}:"), str(err.value)
    assert words in str(err.value)


def test_a_step_needs_a_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'base = "{(WORLDS_DIR / "complete.toml").as_posix()}"\n'
                    '[[timeline]]\nat = "soon"\nset = { "world.description" = "x" }\n',
                    encoding="utf-8")
    with pytest.raises(LocatedError, match=r"timeline\[0\]\.at"):
        load_world(path)
