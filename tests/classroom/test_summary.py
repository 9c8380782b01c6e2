"""The class grading's summary and closing line speak the instructor's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from labverify.commands.classroom import _print_summary
from labverify.grade import GRADED, IN_PROGRESS, INCOMPLETE
from labverify.report.gradebook import NOT_GRADED, GradebookRow, status_text

from .conftest import grade_class


def _row(student: str, unverified: int = 0, under_way: int = 0) -> GradebookRow:
    state = INCOMPLETE if unverified else IN_PROGRESS if under_way else GRADED
    return GradebookRow(student, {1: 1.0}, 1.0, 2.0, "", "", state, unverified, under_way)


@pytest.mark.parametrize(("row", "en", "zh"), [
    (_row("a"), "graded", "已評分"),
    (_row("b", unverified=2), "incomplete (2 could not verify)", "未完整評分（2 項無法驗證）"),
    (_row("c", unverified=1, under_way=3), "incomplete (1 could not verify; 3 under way)",
     "未完整評分（1 項無法驗證；3 項進行中）"),
    (_row("d", under_way=1), "in progress (1 under way)", "進行中（1 項仍在進行）"),
    (GradebookRow.failed("e", "no session"), "not graded (see the error above)",
     "未評分（請見上方的錯誤）"),
])
def test_each_status_in_each_language(row: GradebookRow, en: str, zh: str) -> None:
    assert (status_text(row, "en"), status_text(row, "zh-TW")) == (en, zh)


def test_a_students_name_is_shown_as_written_never_as_markup() -> None:
    console = Console(record=True, width=120)
    _print_summary(console, [_row("[red]eve[/red]")], "en")
    assert "[red]eve[/red]" in console.export_text()


@pytest.mark.parametrize(("lang", "words", "not_words"), [
    ("en", ["Class grading", "Student", "in progress (6 under way)", "Gradebook: "],
     ["全班評分"]),
    ("zh-TW", ["全班評分", "學生", "進行中（6 項仍在進行）", "已評分", "成績簿：", "報告："],
     ["Class grading", "Gradebook:", "in progress"]),
])
def test_the_summary_and_closing_line_follow_lang(
        lang: str, words: list[str], not_words: list[str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = tmp_path / "grades"
    assert grade_class(out, "--jobs", "1", "--lang", lang) == 0
    printed = capsys.readouterr().out
    assert all(w in printed for w in words), printed
    assert not any(w in printed for w in not_words), printed
    # The gradebook is data: its status column stays the same in every language.
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert "in progress (6 under way)" in gradebook and NOT_GRADED not in gradebook.split(",")
