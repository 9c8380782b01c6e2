"""The terminal scorecard: the Grade, one line per scenario grouped by task, then the hints."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..catalogue import ui
from ..grade import Grade
from . import wording

STYLE = {"pass": "green", "waived": "green", "fail": "red", "in_progress": "yellow",
         "error": "magenta", "skipped": "dim"}


def print_scorecard(console: Console, grade: Grade, title: str) -> None:
    lang = grade.lang
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column(ui("column.task", lang), justify="right")
    table.add_column(ui("column.check", lang))
    table.add_column(ui("column.verdict", lang))
    table.add_column(ui("column.points", lang), justify="right")
    for task in grade.tasks:
        table.add_section()
        table.add_row(str(task.number), Text(wording.task_name(task, lang), style="bold"), "", "")
        for s in task.scenarios:
            points = (f"{s.earned:.2f}/{s.points:.2f}" if s.counted else "-")
            table.add_row("", s.result.name, Text(wording.label(s.shown_verdict, lang),
                                                  style=STYLE[s.shown_verdict]), points)
    console.print(table)
    console.print(ui("score", lang, score=f"{grade.score:.2f}", max_score=f"{grade.max_score:.2f}"),
                  markup=False, highlight=False)
    notice = wording.grade_notice(grade)
    if notice:
        console.print(notice, markup=False, highlight=False)
    for s in grade.scenarios:
        if s.shown_verdict in ("pass", "skipped"):
            continue
        task = s.number.split(".")[0]
        console.print(Text(ui("task.verdict", lang, number=task, name=s.result.name,
                              label=wording.label(s.shown_verdict, lang)),
                           style=STYLE[s.shown_verdict]))
        if s.waiver is not None:
            console.print(f"  {wording.waiver_text(s, lang)}", markup=False, highlight=False)
        console.print(f"  {s.result.localized_message(lang)}", markup=False, highlight=False)
        hint = s.result.localized_hint(lang)
        if hint:
            console.print("  " + ui("what_to_do", lang, hint=hint), markup=False,
                          highlight=False)
    for note in wording.notes(grade):
        console.print(note, markup=False, highlight=False, soft_wrap=True)
    for line in wording.costs(grade):
        console.print(line, markup=False, highlight=False)
