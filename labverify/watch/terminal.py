"""The watch in a terminal: the board as one rich renderable, redrawn in place.

Students by tasks, a glyph per task, each student's score and what to know (stale, stuck);
below, how many students show each kind per task, what changed in the last round and who is
stuck. ``rich.live.Live`` redraws it in place; what does not fit the terminal is cropped, so
the view never scrolls. Where output is not a terminal (a log, CI) one summary line per round
is printed instead.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..catalogue import ui
from ..grade import format_points
from .board import Board, StudentState
from .sighting import KINDS

GLYPHS = {"done": "✔", "wrong": "✘", "under_way": "⋯", "unverified": "?",
          "not_started": "·", "not_graded": " "}
STYLES = {"done": "green", "wrong": "bold red", "under_way": "yellow", "unverified": "magenta",
          "not_started": "dim", "not_graded": "dim"}


def word(kind: str, lang: str) -> str:
    return ui(f"watch.kind.{kind}", lang)


def note(student: StudentState, board: Board, lang: str) -> str:
    parts = []
    if student.stale_since is not None:
        parts.append(ui("watch.stale", lang, round=student.stale_since))
    if board.is_stuck(student):
        parts.append(ui("watch.stuck", lang, check=student.stuck_check,
                        rounds=student.stuck_rounds))
    return "; ".join(parts)


def score(student: StudentState) -> str:
    shown = student.shown or {}
    if shown.get("score") is None or shown.get("max_score") is None:
        return ""
    return f"{format_points(shown['score'])}/{format_points(shown['max_score'])}"


def render(board: Board, lang: str) -> RenderableType:
    title = ui("watch.title", lang)
    if board.round:
        title += " · " + ui("watch.round", lang, round=board.round, at=board.at)
    grid = Table(title=title, title_justify="left", expand=False, pad_edge=False,
                 show_edge=False, box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True)
    grid.add_column(ui("watch.column.student", lang), no_wrap=True, min_width=8,
                    overflow="ellipsis")
    for task in board.tasks:
        grid.add_column(str(task), justify="center", no_wrap=True, min_width=2)
    grid.add_column(ui("watch.column.score", lang), justify="right", no_wrap=True,
                    min_width=8)
    # The note gives way first: the grid is what must fit.
    grid.add_column(ui("watch.column.note", lang), no_wrap=True, overflow="ellipsis",
                    max_width=36)
    for student in board.ordered():
        cells = [Text(GLYPHS[student.kind(t)], style=STYLES[student.kind(t)])
                 for t in board.tasks]
        grid.add_row(Text(student.name, style="dim" if student.stale else ""), *cells,
                     score(student), note(student, board, lang))
    counts = board.counts()
    grid.add_section()
    for kind in KINDS[:-1]:
        grid.add_row(Text(f"{GLYPHS[kind]} {word(kind, lang)}", style=STYLES[kind]),
                     *[str(counts[t][kind] or "") for t in board.tasks], "", "")
    parts: list[RenderableType] = [grid]
    changes = board.changes
    if board.round:
        if changes:
            lines = [ui("watch.change", lang, student=c["student"], task=c["task"],
                        before=word(c["from"], lang) if c["from"] else "-",
                        after=word(c["to"], lang) if c["to"] else "-") for c in changes[:8]]
            more = f" (+{len(changes) - 8})" if len(changes) > 8 else ""
            parts.append(Text(ui("watch.changes", lang) + more + ui("watch.colon", lang)
                              + ui("watch.separator", lang).join(lines)))
        else:
            parts.append(Text(ui("watch.no_changes", lang), style="dim"))
    stuck = board.stuck()
    if stuck:
        parts.append(Text(ui("watch.stuck_heading", lang) + ui("watch.colon", lang)
                          + ui("watch.separator", lang).join(
            f"{s.name} ({s.stuck_check} × {s.stuck_rounds})" for s in stuck), style="red"))
    return Group(*parts)


def summary(board: Board, lang: str) -> str:
    """One line for a log: the round, the done cells, the changes, stale and stuck students."""
    cells = [s.kind(t) for s in board.students.values() for t in board.tasks]
    return ui("watch.summary", lang, round=board.round, at=board.at,
              done=cells.count("done"), cells=len(cells), changes=len(board.changes),
              stale=sum(s.stale for s in board.students.values()), stuck=len(board.stuck()))
