"""Outputs never replace inputs; writes are atomic; only what labverify wrote is ever removed."""

from __future__ import annotations

import json
import os
from pathlib import Path, PureWindowsPath

import pytest

from labverify.errors import LocatedError, read_input
from labverify.grading import GradeRequest, run_scenarios
from labverify.outputs import (
    MANIFEST,
    FolderWrite,
    OutputRefused,
    Place,
    collision,
    guard,
    manifest,
    refresh,
    refreshable,
    write_text,
)
from labverify.paths import PROJECT_ROOT

WORLD = PROJECT_ROOT / "fixtures" / "worlds" / "t1-wrong-sku.toml"


@pytest.mark.parametrize("output, is_folder, source, source_is_folder, how", [
    (r"C:\Labfiles\out.json", False, r"c:\labfiles", True, "lies inside"),
    (r"C:\Labfiles", False, r"c:\LABFILES", True, "is"),
    (r"D:\grades", True, r"d:\grades\students\ann", True, "holds"),
    (r"C:\Labfiles2\out.json", False, r"C:\Labfiles", True, None),
    (r"C:\a\session.json", False, r"C:\a\session.json", False, "is"),
    (r"C:\a\session.json\x", False, r"C:\a\session.json", False, None),  # a file holds nothing
])
def test_windows_paths_collide_without_regard_to_case(output: str, is_folder: bool, source: str,
                                                       source_is_folder: bool,
                                                       how: str | None) -> None:
    assert collision(PureWindowsPath(output), is_folder, PureWindowsPath(source),
                     source_is_folder) == how


def test_guard_follows_links_and_relative_paths(tmp_path: Path, monkeypatch) -> None:
    session = tmp_path / "session"
    session.mkdir()
    (session / "session.json").write_text("{}", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(session, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for output in (link / "session.json", Path("session") / "x.json", Path("link/../session/y")):
        with pytest.raises(OutputRefused, match="lies inside the session"):
            guard([(Place(output, "--json file"), False)], [Place(session, "session")])
    guard([(Place(tmp_path / "elsewhere.json", "--json file"), False)], [Place(session, "session")])


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "results.json"
    write_text(path, "old\n")

    def fail(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        write_text(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary file left


def test_a_written_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_text(path, "x")
    plain = tmp_path / "plain"
    plain.write_text("x")
    assert path.stat().st_mode == plain.stat().st_mode


def test_a_folder_is_replaced_only_when_labverify_wrote_it_and_force_is_given(
        tmp_path: Path) -> None:
    target = tmp_path / "session"
    first = FolderWrite(target, "session", force=False)
    (first.staging / "a.txt").write_text("1")
    first.commit()
    assert manifest(target)["files"] == ["a.txt"]
    with pytest.raises(OutputRefused, match="pass --force"):
        FolderWrite(target, "session", force=False)
    with pytest.raises(OutputRefused, match="did not write"):
        FolderWrite(target, "grades", force=True)  # a folder of another kind is not ours
    second = FolderWrite(target, "session", force=True)
    (second.staging / "b.txt").write_text("2")
    assert (target / "a.txt").read_text() == "1"  # untouched until the new one is whole
    second.commit()
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]


def test_a_file_added_by_hand_keeps_a_folder_from_being_replaced(tmp_path: Path) -> None:
    target = tmp_path / "session"
    write = FolderWrite(target, "session", force=False)
    (write.staging / "a.txt").write_text("1")
    write.commit()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(OutputRefused, match=r"did not write \(notes.txt\)"):
        FolderWrite(target, "session", force=True)
    assert (target / "notes.txt").read_text() == "mine"


def test_an_abandoned_folder_write_leaves_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "session"
    write = FolderWrite(target, "session", force=False)
    (write.staging / "a.txt").write_text("1")
    write.commit()
    again = FolderWrite(target, "session", force=True)
    (again.staging / "half.txt").write_text("x")
    again.abandon()
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]


def test_refreshing_removes_only_what_the_last_run_wrote(tmp_path: Path) -> None:
    out = tmp_path / "grades"
    refreshable(out, "grades", "--out folder")
    (out / "students" / "ann").mkdir(parents=True)
    for name in ("gradebook.csv", "students/ann/report.html"):
        (out / name).write_text("x")
    refresh(out, "grades", ["gradebook.csv", "students/ann/report.html"])
    (out / "mine.txt").write_text("mine")
    refresh(out, "grades", ["gradebook.csv"])  # ann was not graded this time
    assert not (out / "students").exists()
    assert (out / "mine.txt").read_text() == "mine"
    refreshable(out, "grades", "--out folder")  # still labverify's: graded into again
    other = tmp_path / "other"
    other.mkdir()
    (other / "x").write_text("x")
    with pytest.raises(OutputRefused, match="did not write"):
        refreshable(other, "grades", "--out folder")


def test_an_interrupted_recording_leaves_the_session_it_would_replace(tmp_path: Path) -> None:
    target = tmp_path / "session"
    first = run_scenarios(GradeRequest(mode="record", world=WORLD, session=target, tasks="1"))
    assert first.exit_code in (0, 1) and (target / "session.json").is_file()
    before = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*")
              if p.is_file()}
    stopped = run_scenarios(GradeRequest(mode="record", world=WORLD, session=target, tasks="all",
                                         force=True,
                                         extra_args=["-p", "tests.outputs.interrupting_plugin"]))
    assert stopped.exit_code == 2  # pytest's "interrupted"
    after = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*")
             if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session"]  # no staging folder left


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_read_whatever_its_encoding(tmp_path: Path,
                                                                    encoding: str) -> None:
    path = tmp_path / "session.json"
    data = {"description": "東京の学生"}
    text = json.dumps(data, ensure_ascii=False)
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    path.write_bytes(raw)
    assert json.loads(read_input(path)) == data


def test_unreadable_text_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"student\nann\nb\xe9a\n")
    with pytest.raises(LocatedError) as caught:
        read_input(path)
    assert caught.value.line == 3 and "not UTF-8 text" in str(caught.value)
