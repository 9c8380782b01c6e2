"""Grading a class: the gradebook, isolation between students, determinism, shards and merge."""

from __future__ import annotations

import csv
import filecmp
import io
import json
import shutil
from pathlib import Path

import pytest

from labverify.batch import (
    Problem,
    Student,
    parse_shard,
    select_shard,
    student_dir,
    students_from_sessions,
)
from labverify.cli import main
from labverify.errors import LabverifyError
from labverify.grading import GradeRequest, run_scenarios
from labverify.report.redact import redact

from .conftest import CLASS, SESSIONS, grade_class


def rows(gradebook: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(gradebook.read_text(encoding="utf-8"))))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_gradebook_has_one_row_per_student_and_a_column_per_task(graded_class: Path) -> None:
    gradebook = graded_class / "gradebook.csv"
    header = gradebook.read_text(encoding="utf-8").splitlines()[0]
    assert header == ("student,task1,task2,task3,task4,task5,task6,task7,task8,task9,"
                      "total,max_score,status,note")
    table = {r["student"]: r for r in rows(gradebook)}
    assert list(table) == sorted(CLASS)
    assert table["complete"]["total"] == table["complete"]["max_score"] == "95"
    assert {name: r["status"] for name, r in table.items()} == {
        "complete": "graded", "t1-wrong-region": "graded",
        # The grader's own missing permission: one check could not be verified, and costs
        # nothing (task 3's maximum is the one check that was).
        "t3-grader-forbidden-listkeys": "incomplete (1 could not verify)",
        # Training still runs: task 7's last two checks and tasks 8-9, which wait on it.
        "t7-job-running": "in progress (6 under way)"}
    for r in table.values():
        tasks = sum(float(r[f"task{n}"]) for n in range(1, 10))
        assert tasks == pytest.approx(float(r["total"]), abs=0.05)
    listkeys = table["t3-grader-forbidden-listkeys"]
    assert (listkeys["task3"], listkeys["max_score"]) == ("5", "90")
    # The waiver gave t1-wrong-region its task-1 points; nothing excused the running job.
    assert table["t1-wrong-region"]["task1"] == "20"
    assert table["t7-job-running"]["task7"] == "9" and table["t7-job-running"]["task8"] == "0"
    assert float(table["t3-grader-forbidden-listkeys"]["task3"]) < 10


def test_each_report_holds_its_own_student_s_evidence_only(graded_class: Path) -> None:
    """Workers grade several students each; every report equals that student graded alone."""
    for student in CLASS:
        alone = run_scenarios(GradeRequest(session=SESSIONS / student, extra_args=["--tb=no"]))
        expected = {r.check_id: (r.verdict.value, redact(r.evidence)) for r in alone.results}
        data = json.loads((graded_class / "students" / student / "results.json").read_text())
        got = {t["extra_data"]["check"]: (t["extra_data"]["verdict"], t["extra_data"]["evidence"])
               for t in data["tests"]}
        assert got == expected, student
        assert data["extra_data"]["student"] == student
    # A value only one session holds appears in that student's files and no one else's.
    for folder in (graded_class / "students").iterdir():
        text = "".join((folder / f).read_text(encoding="utf-8")
                       for f in ("results.json", "report.html", "report.md", "junit.xml"))
        assert ("eastus" in text) == (folder.name == "t1-wrong-region"), folder.name
        assert ("'running'" in text or '"running"' in text) == (folder.name == "t7-job-running")


def test_grading_again_sequentially_gives_byte_identical_files(
        graded_class: Path, waiver_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert grade_class(again, "--jobs", "1", waivers=waiver_file) == 0
    first, second = tree(graded_class), tree(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_shards_merged_equal_the_whole_class(graded_class: Path, waiver_file: Path,
                                             tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    for i in (1, 2):
        assert grade_class(tmp_path / f"shard{i}", "--shard", f"{i}/2", "--jobs", "1",
                           waivers=waiver_file) == 0
    one = {r["student"] for r in rows(tmp_path / "shard1" / "gradebook.csv")}
    two = {r["student"] for r in rows(tmp_path / "shard2" / "gradebook.csv")}
    assert one and two and not one & two and one | two == set(CLASS)
    merged = tmp_path / "merged.csv"
    assert main(["merge", str(tmp_path / "shard2" / "gradebook.csv"),
                 str(tmp_path / "shard1" / "gradebook.csv"), "--out", str(merged)]) == 0
    assert filecmp.cmp(merged, graded_class / "gradebook.csv", shallow=False)
    capsys.readouterr()
    assert main(["merge", str(tmp_path / "shard1" / "gradebook.csv")]) == 0
    assert capsys.readouterr().out == (tmp_path / "shard1" / "gradebook.csv").read_text()


def test_merge_rejects_a_student_twice_and_mismatched_columns(
        graded_class: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = graded_class / "gradebook.csv"
    assert main(["merge", str(book), str(book)]) == 2
    err = capsys.readouterr().err
    assert f"{book}:2: student: student 'complete' is already in {book}:2" in err
    other = tmp_path / "tasks13.csv"
    other.write_text("student,task1,task3,total,max_score,status,note\nzed,1,1,2,30,graded,\n",
                     encoding="utf-8")
    assert main(["merge", str(book), str(other)]) == 2
    err = capsys.readouterr().err
    assert f"{other}:1: columns differ from {book}: lacks task2, task4" in err
    assert "Traceback" not in err


def test_shards_are_disjoint_balanced_and_cover_everything() -> None:
    items = list(range(11))
    parts = [select_shard(items, f"{i}/3") for i in (1, 2, 3)]
    assert sorted(x for p in parts for x in p) == items
    assert [len(p) for p in parts] == [4, 4, 3]
    assert select_shard(items, "2/3") == parts[1] and select_shard(items, None) == items
    for bad in ("0/2", "3/2", "2", "a/b", ""):
        with pytest.raises(LabverifyError, match="--shard"):
            parse_shard(bad)


def test_students_are_named_after_their_sessions_and_duplicates_are_refused(
        tmp_path: Path) -> None:
    elsewhere = tmp_path / "complete"
    shutil.copytree(SESSIONS / "complete", elsewhere)
    items = students_from_sessions([tmp_path / "missing", SESSIONS / "complete", elsewhere])
    students = [i for i in items if isinstance(i, Student)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [s.name for s in students] == ["complete"] and len(problems) == 2
    twice, missing = sorted(problems, key=lambda p: p.student or "")
    assert "another session is also named 'complete'" in twice.message and twice.student is None
    assert "recorded session directory not found" in missing.message
    assert missing.student == "missing"


def test_folder_names_are_safe_and_distinct() -> None:
    out = Path("out")
    assert student_dir(out, "ann") == out / "students" / "ann"
    odd = {student_dir(out, n).name for n in ("Ann", "ann", "a/n n", "a_n_n", "..")}
    assert len(odd) == 5 and all("/" not in n and n not in (".", "..") for n in odd)


def test_bad_class_input_is_one_clear_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for args, words in [
        (["grade", "--shard", "3/2", str(SESSIONS / "complete")], "--shard: '3/2' is not i/N"),
        (["grade", "--out", str(tmp_path)], "nothing to grade"),
        (["grade", str(SESSIONS / "complete"), "--jobs", "0"], "--jobs: 0 is not 1 or more"),
        (["grade", str(SESSIONS / "complete"), "--formats", "pdf"], "--formats: 'pdf'"),
        (["grade", str(SESSIONS / "complete"), "--waivers", str(tmp_path / "w.toml")],
         "w.toml: file not found"),
    ]:
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_spawned_workers_grade_the_same_as_forked_ones(
        graded_class: Path, waiver_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is unsafe or missing (threads, macOS, Windows), workers are spawned."""
    import multiprocessing

    from labverify import batch

    monkeypatch.setattr(batch, "_context", lambda: multiprocessing.get_context("spawn"))
    out = tmp_path / "spawned"
    assert grade_class(out, "--jobs", "2", "--formats", "gradescope", waivers=waiver_file,
                       sessions=("complete", "t1-wrong-region")) == 0
    for student in ("complete", "t1-wrong-region"):
        path = Path("students") / student / "results.json"
        assert (out / path).read_bytes() == (graded_class / path).read_bytes()
