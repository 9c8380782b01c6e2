"""The human-readable dataset report, as rich tables.

Every string from a dataset or a path goes into a ``Text``, never into markup, so a file
holding ``[bold]`` or escape sequences cannot restyle or break the report.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .report import FileReport
from .stats import Distribution

_ROWS = (
    ("min", "min"), ("max", "max"), ("mean", "mean"), ("median", "median"),
    ("p5", "p5"), ("p95", "p95"),
    ("p10 (handout's \"p5\")", "p10"), ("p90 (handout's \"p95\")", "p90"),
)


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _stats_table(report: FileReport) -> Table | None:
    total, assistant = report.total_stats, report.assistant_stats
    if total is None or assistant is None:
        return None
    table = Table(title="Tokens per example", title_justify="left", show_edge=False)
    table.add_column("")
    table.add_column("total", justify="right")
    table.add_column("assistant", justify="right")
    for label, name in _ROWS:
        row: list[Distribution] = [total, assistant]
        table.add_row(Text(label), *(Text(_number(getattr(d, name))) for d in row))
    return table


def _findings_table(report: FileReport) -> Table:
    table = Table(show_edge=False, expand=False)
    for name, justify in (("line", "right"), ("severity", "left"), ("code", "left"),
                          ("field", "left"), ("message", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for finding in report.findings:
        style = "red" if finding.severity == "error" else "yellow"
        table.add_row(Text("-" if finding.line is None else str(finding.line)),
                      Text(finding.severity, style=style), Text(finding.code),
                      Text(finding.field or ""), Text(finding.message))
    return table


def render_report(report: FileReport, console: Console) -> None:
    verdict = (Text("OK", style="bold green") if report.ok
               else Text(f"{report.error_count:,} error(s)", style="bold red"))
    header = Text.assemble(Text(str(report.path), style="bold"), f" ({report.role}): ",
                           verdict)
    if report.warning_count:
        header.append(f", {report.warning_count:,} warning(s)", style="yellow")
    console.print(header)
    size = "-" if report.size_bytes is None else f"{report.size_bytes:,} bytes"
    console.print(Text(f"  {report.examples:,} examples, {report.total_tokens.size:,} counted, "
                       f"{size}; model {report.settings.model} "
                       f"({report.settings.encoding}, limit "
                       f"{report.settings.max_tokens_per_example:,} tokens per example)"))
    table = _stats_table(report)
    if table is not None:
        console.print(table)
        console.print(Text(
            f"  Billed training tokens: {report.billing_tokens_per_epoch:,} per epoch x "
            f"{report.settings.epochs} epochs = {report.billed_tokens:,}"))
    if report.findings:
        console.print(_findings_table(report))
    if report.truncated:
        hidden = sum(report.counts.values()) - len(report.findings)
        counts = ", ".join(f"{code} {n:,}" for (code, _), n in sorted(report.counts.items()))
        console.print(Text(f"  ...and {hidden:,} more findings not shown (all: {counts})",
                           style="dim"))
    console.print()


def render_reports(reports: Sequence[FileReport], console: Console) -> None:
    for report in reports:
        render_report(report, console)
    errors = sum(r.error_count for r in reports)
    warnings = sum(r.warning_count for r in reports)
    style = "bold red" if errors else "bold green"
    console.print(Text(f"{len(reports)} file(s): {errors:,} error(s), {warnings:,} warning(s)",
                       style=style))
