"""labverify compare: the tasks and scenarios two gradings of a student disagree on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labverify.cli import main
from labverify.cli import main as labverify_main
from labverify.report.compare import compare, load_grading

from .conftest import SESSIONS


def test_two_results_files_that_disagree_list_the_task_and_scenario(
        graded_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    students = graded_class / "students"
    code = main(["compare", str(students / "complete" / "results.json"),
                 str(students / "t7-job-running")])
    out = capsys.readouterr().out
    assert code == 1
    assert "Task 7: passed in A, not passed in B" in out
    line = next(x for x in out.splitlines() if "t7-job-succeeded" in x)
    assert line.startswith("  task 7 t7-job-succeeded (") and line.endswith("A pass, B in_progress")
    assert "Task 1" not in out  # tasks that agree are not listed


def test_a_waived_scenario_differs_from_a_failed_one(graded_class: Path) -> None:
    students = graded_class / "students"
    waived = load_grading(students / "t1-wrong-region")
    assert waived.outcomes["t1-region"].verdict == "waived"
    result = compare(waived, load_grading(students / "complete"))
    assert [(a.check, a.verdict, b.verdict) for a, b in result.changed] == \
        [("t1-region", "waived", "pass")]
    assert result.tasks == []  # a waived scenario still passes its task


def test_a_students_session_compares_equal_to_the_instructor_s_results(
        graded_class: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", str(SESSIONS / "complete"),
                 str(graded_class / "students" / "complete" / "results.json")])
    assert code == 0
    assert "Same verdict for every scenario graded in both." in capsys.readouterr().out


def test_results_written_by_grade_json_are_understood(
        graded_class: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    single = tmp_path / "single.json"
    assert labverify_main(["grade", str(SESSIONS / "t1-wrong-region"), "--tasks", "1",
                           "--json", str(single)]) == 1
    capsys.readouterr()
    code = main(["compare", str(single), str(graded_class / "students" / "complete")])
    out = capsys.readouterr().out
    assert code == 1
    assert "A fail, B pass" in out and "t1-region" in out
    assert "only in B" in out and "t2-contributor" in out  # B graded more tasks


@pytest.mark.parametrize("content, words", [
    (None, "not found: give a results.json"),
    ("{oops", "invalid JSON"),
    ('{"tests": [{"name": "x"}]}', "tests[0]: a test lacks its check id, task or verdict"),
])
def test_unreadable_sides_are_one_clear_line(tmp_path: Path, content: str | None, words: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    side = tmp_path / "r.json"
    if content is not None:
        side.write_text(content, encoding="utf-8")
    assert main(["compare", str(side), str(side)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_extra_data_alone_identifies_a_test(tmp_path: Path) -> None:
    doc = {"tests": [{"name": "T", "extra_data": {"check": "t1-kind", "task": 1,
                                                  "verdict": "fail"}}]}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_grading(path).outcomes["t1-kind"].verdict == "fail"
