"""The terminal scorecard: one line per scenario, grouped by task, with the hint for each miss."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..config import LabConfig
from ..verdicts import ScenarioResult, Verdict
from .gradescope import WHAT_TO_DO, scenario_points

STYLE = {Verdict.PASS: "green", Verdict.FAIL: "red", Verdict.IN_PROGRESS: "yellow",
         Verdict.ERROR: "magenta", Verdict.SKIPPED: "dim"}
LABEL = {Verdict.PASS: "pass", Verdict.FAIL: "FAIL", Verdict.IN_PROGRESS: "in progress",
         Verdict.ERROR: "could not verify", Verdict.SKIPPED: "skipped"}


def print_scorecard(console: Console, results: list[ScenarioResult], config: LabConfig,
                    title: str, lang: str = "en") -> None:
    points = scenario_points(results, config)
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("Task", justify="right")
    table.add_column("Check")
    table.add_column("Verdict")
    table.add_column("Points", justify="right")
    ordered = sorted(results, key=lambda r: r.task)  # stable: feature order within a task
    for task, group in groupby(ordered, key=lambda r: r.task):
        name = config.tasks[task].name if task in config.tasks else ""
        table.add_section()
        table.add_row(str(task), Text(name, style="bold"), "", "")
        for r in group:
            got = points[r.check_id] if r.verdict is Verdict.PASS else 0.0
            table.add_row("", r.name, Text(LABEL[r.verdict], style=STYLE[r.verdict]),
                          f"{got:.2f}/{points[r.check_id]:.2f}")
    console.print(table)
    total = sum(points[r.check_id] for r in results if r.verdict is Verdict.PASS)
    console.print(f"Score: {total:.2f} / {sum(points.values()):.2f}")
    for r in ordered:
        if r.verdict in (Verdict.PASS, Verdict.SKIPPED):
            continue
        console.print(Text(f"Task {r.task} - {r.name}: {LABEL[r.verdict]}", style=STYLE[r.verdict]))
        console.print(f"  {r.message}", markup=False, highlight=False)
        hint = r.localized_hint(lang)
        if hint:
            console.print(f"  {WHAT_TO_DO[lang]} {hint}", markup=False, highlight=False)
