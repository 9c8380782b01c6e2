"""The terminal scorecard: the Grade, one line per scenario grouped by task, then the hints."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..grade import Grade
from .wording import LABEL, WHAT_TO_DO, grade_notice

STYLE = {"pass": "green", "waived": "green", "fail": "red", "in_progress": "yellow",
         "error": "magenta", "skipped": "dim"}


def print_scorecard(console: Console, grade: Grade, title: str) -> None:
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("Task", justify="right")
    table.add_column("Check")
    table.add_column("Verdict")
    table.add_column("Points", justify="right")
    for task in grade.tasks:
        table.add_section()
        table.add_row(str(task.number), Text(task.name, style="bold"), "", "")
        for s in task.scenarios:
            points = (f"{s.earned:.2f}/{s.points:.2f}" if s.counted else "-")
            table.add_row("", s.result.name, Text(LABEL[s.shown_verdict],
                                                  style=STYLE[s.shown_verdict]), points)
    console.print(table)
    console.print(f"Score: {grade.score:.2f} / {grade.max_score:.2f}")
    notice = grade_notice(grade)
    if notice:
        console.print(notice, markup=False, highlight=False)
    for s in grade.scenarios:
        if s.shown_verdict in ("pass", "skipped"):
            continue
        task = s.number.split(".")[0]
        console.print(Text(f"Task {task} - {s.result.name}: {LABEL[s.shown_verdict]}",
                           style=STYLE[s.shown_verdict]))
        if s.waiver is not None:
            console.print(f"  {s.waiver.describe()}", markup=False, highlight=False)
        console.print(f"  {s.result.message}", markup=False, highlight=False)
        hint = s.result.localized_hint(grade.lang)
        if hint:
            console.print(f"  {WHAT_TO_DO[grade.lang]} {hint}", markup=False, highlight=False)
    for note in grade.notes:
        console.print(f"Note: {note}", markup=False, highlight=False, soft_wrap=True)
    for line in grade.costs:
        console.print(f"Cost: {line.describe()}", markup=False, highlight=False)
