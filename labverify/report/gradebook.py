"""The class gradebook CSV: one row per student, rendered from each student's Grade; and merge."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import ui
from ..errors import LabverifyError, LocatedError, read_input
from ..grade import GRADED, Grade, format_points, status_words
from ..outputs import write_text

# -- the class gradebook ------------------------------------------------------------------------

NOT_GRADED = "error"


@dataclass(frozen=True)
class GradebookRow:
    student: str
    tasks: dict[int, float]
    total: float | None
    max_score: float | None
    status: str = GRADED
    note: str = ""
    # The grade's own status and what it counts, for a summary in the instructor's language
    # (grade.status_words); not in the CSV.
    state: str = field(default=GRADED, compare=False)
    unverified: int = field(default=0, compare=False)
    under_way: int = field(default=0, compare=False)

    @classmethod
    def from_grade(cls, grade: Grade) -> GradebookRow:
        note = "; ".join(f"{s.number} {s.result.check_id}: {s.result.message}"
                         for s in grade.unverified + grade.under_way)
        return cls(grade.student, {t.number: t.earned for t in grade.tasks}, grade.score,
                   grade.max_score, grade.status_line(), note, grade.status,
                   len(grade.unverified), len(grade.under_way))

    @classmethod
    def failed(cls, student: str, note: str) -> GradebookRow:
        return cls(student, {}, None, None, NOT_GRADED, note)


def status_text(row: GradebookRow, lang: str) -> str:
    """The row's status in ``lang``, for the class summary (the CSV keeps the English value)."""
    if row.status == NOT_GRADED:
        return ui("class.status.not_graded", lang)
    return status_words(row.state, row.unverified, row.under_way, lang)


def gradebook_columns(task_numbers: Iterable[int]) -> list[str]:
    return ["student", *(f"task{n}" for n in task_numbers), "total", "max_score", "status", "note"]


def _sort_key(student: str) -> tuple[str, str]:
    return (student.casefold(), student)


def gradebook_csv(rows: list[GradebookRow], task_numbers: list[int]) -> str:
    """One row per student, sorted by name, so shards merged give the unsharded file."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(gradebook_columns(task_numbers))
    for row in sorted(rows, key=lambda r: _sort_key(r.student)):
        graded = row.status != NOT_GRADED
        cells = [format_points(row.tasks[n]) if graded and n in row.tasks else ""
                 for n in task_numbers]
        writer.writerow([row.student, *cells,
                         format_points(row.total) if row.total is not None else "",
                         format_points(row.max_score) if row.max_score is not None else "",
                         row.status, row.note])
    return out.getvalue()


def write_gradebook(path: Path, rows: list[GradebookRow], task_numbers: list[int]) -> None:
    write_text(path, gradebook_csv(rows, task_numbers))


def merge_gradebooks(paths: list[Path]) -> str:
    """Join shards' gradebooks; refuse a student seen twice or files with different columns."""
    if not paths:
        raise LabverifyError("merge: name at least one gradebook")
    header: list[str] | None = None
    first: Path | None = None
    seen: dict[str, str] = {}
    rows: list[list[str]] = []
    for path in paths:
        text = read_input(path)
        reader = csv.reader(io.StringIO(text, newline=""))
        columns = next(reader, None)
        if not columns or columns[0] != "student":
            raise LocatedError(path, "not a labverify gradebook (first column must be student)",
                               line=1)
        if header is None:
            header, first = columns, path
        elif columns != header:
            extra = [c for c in columns if c not in header]
            lacking = [c for c in header if c not in columns]
            detail = "; ".join(filter(None, [
                f"has {', '.join(extra)}" if extra else "",
                f"lacks {', '.join(lacking)}" if lacking else "",
                "same columns in another order" if not extra and not lacking else ""]))
            raise LocatedError(path, f"columns differ from {first}: {detail}", line=1)
        for cells in reader:
            if not cells:
                continue
            where = f"{path}:{reader.line_num}"
            if len(cells) != len(header):
                raise LocatedError(path, f"{len(cells)} cells, the header has {len(header)}",
                                   line=reader.line_num)
            if cells[0] in seen:
                raise LocatedError(path, f"student {cells[0]!r} is already in {seen[cells[0]]}",
                                   line=reader.line_num, field="student")
            seen[cells[0]] = where
            rows.append(cells)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows, key=lambda cells: _sort_key(cells[0])))
    return out.getvalue()
