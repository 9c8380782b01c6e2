"""What graders ingest: Gradescope's ``results.json`` per student and the class gradebook CSV.

The Gradescope document carries only the fields Gradescope documents for autograder results
(top level and per test); everything labverify adds (check id, verdict, evidence, waiver,
provenance) lives in their ``extra_data``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LabverifyError, LocatedError, read_input
from ..outputs import write_text
from .gradescope import student_output
from .points import Grade, ScenarioGrade, format_points
from .provenance import provenance_rows

_NUMBER = (int, float)
TOP_LEVEL_FIELDS: dict[str, Any] = {
    "score": _NUMBER, "max_score": _NUMBER, "execution_time": _NUMBER, "output": str,
    "output_format": str, "test_output_format": str, "test_name_format": str,
    "visibility": str, "stdout_visibility": str, "extra_data": dict, "tests": list,
    "leaderboard": list,
}
TEST_FIELDS: dict[str, Any] = {
    "score": _NUMBER, "max_score": _NUMBER, "status": str, "name": str, "name_format": str,
    "number": str, "output": str, "output_format": str, "tags": list, "visibility": str,
    "extra_data": dict,
}
LEADERBOARD_FIELDS: dict[str, Any] = {"name": str, "value": (int, float, str), "order": str}
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
STATUSES = ("passed", "failed")
FORMATS = ("text", "html", "simple_format", "md", "ansi")
_CHOICES = {"visibility": VISIBILITIES, "stdout_visibility": VISIBILITIES, "status": STATUSES,
            "output_format": FORMATS, "test_output_format": FORMATS,
            "test_name_format": FORMATS, "name_format": FORMATS, "order": ("asc", "desc")}


def _check_fields(where: str, data: Any, fields: dict[str, Any]) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where}: must be an object"]
    problems = []
    for key, value in data.items():
        if key not in fields:
            problems.append(f"{where}.{key}: not a field Gradescope documents")
        elif isinstance(value, bool) or not isinstance(value, fields[key]):
            problems.append(f"{where}.{key}: wrong type {type(value).__name__}")
        elif key in _CHOICES and value not in _CHOICES[key]:
            problems.append(f"{where}.{key}: {value!r} is not one of {', '.join(_CHOICES[key])}")
    return problems


def gradescope_problems(doc: Any) -> list[str]:
    """Every way ``doc`` departs from Gradescope's documented results format; [] when valid."""
    problems = _check_fields("results", doc, TOP_LEVEL_FIELDS)
    if problems and not isinstance(doc, dict):
        return problems
    if "score" not in doc and not all(isinstance(t, dict) and "score" in t
                                      for t in doc.get("tests", [])):
        problems.append("results.score: needed when a test has no score")
    for i, test in enumerate(doc.get("tests", []) if isinstance(doc.get("tests"), list) else []):
        problems += _check_fields(f"tests[{i}]", test, TEST_FIELDS)
        if isinstance(test, dict) and not all(isinstance(t, str) for t in test.get("tags", [])):
            problems.append(f"tests[{i}].tags: must be strings")
    for i, entry in enumerate(doc.get("leaderboard", [])
                              if isinstance(doc.get("leaderboard"), list) else []):
        problems += _check_fields(f"leaderboard[{i}]", entry, LEADERBOARD_FIELDS)
    return problems


def scenario_output(s: ScenarioGrade, lang: str = "en") -> str:
    """The student's text for one scenario: the hint, and what a waiver did."""
    text = student_output(s.result, lang)
    if s.waiver is None:
        return text
    if s.waived and s.result.verdict.value != "pass":
        return f"{s.waiver.describe()}\nObserved: {text}"
    return f"{text}\n{s.waiver.describe()}"


def summary_output(grade: Grade) -> str:
    lines = [f"Score: {format_points(grade.score)} / {format_points(grade.max_score)}"]
    for t in grade.tasks:
        mark = "passed" if t.passed else "not passed"
        lines.append(f"Task {t.number} ({t.name}): {format_points(t.earned)} / "
                     f"{format_points(t.points)}, {mark}")
    if grade.provenance:
        lines.append("")
        lines += [f"{label}: {value}" for label, value in provenance_rows(grade.provenance)]
    return "\n".join(lines)


def gradescope_results(grade: Grade, *, visibility: str = "visible") -> dict[str, Any]:
    tests = []
    for t in grade.tasks:
        for index, s in enumerate(t.scenarios, start=1):
            extra: dict[str, Any] = {"check": s.result.check_id, "task": t.number,
                                     "verdict": s.result.verdict.value, "shown": s.shown_verdict,
                                     "policy": t.policy, "evidence": s.result.evidence}
            if s.waiver is not None:
                extra["waiver"] = s.waiver.to_dict()
            tests.append({
                "name": f"Task {t.number}: {s.result.name}", "name_format": "text",
                "number": f"{t.number}.{index}",
                "score": round(s.earned, 4), "max_score": round(s.points, 4),
                "status": "passed" if s.counts_as_passed else "failed",
                "output": scenario_output(s, grade.lang), "output_format": "text",
                "tags": [f"task{t.number}", s.shown_verdict, s.result.check_id],
                "visibility": visibility, "extra_data": extra,
            })
    return {
        "score": round(grade.score, 2), "max_score": round(grade.max_score, 2),
        "output": summary_output(grade), "output_format": "text",
        "visibility": visibility, "stdout_visibility": "hidden",
        "extra_data": {"student": grade.student, "provenance": grade.provenance,
                       "tasks": [{"task": t.number, "name": t.name, "policy": t.policy,
                                  "points": round(t.points, 4), "earned": round(t.earned, 4),
                                  "passed": t.passed} for t in grade.tasks]},
        "tests": tests,
    }


# -- the class gradebook ------------------------------------------------------------------------

GRADED = "graded"
NOT_GRADED = "error"


@dataclass(frozen=True)
class GradebookRow:
    student: str
    tasks: dict[int, float]
    total: float | None
    max_score: float | None
    status: str = GRADED
    note: str = ""

    @classmethod
    def from_grade(cls, grade: Grade) -> GradebookRow:
        return cls(grade.student, {t.number: t.earned for t in grade.tasks}, grade.score,
                   grade.max_score)

    @classmethod
    def failed(cls, student: str, note: str) -> GradebookRow:
        return cls(student, {}, None, None, NOT_GRADED, note)


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
        graded = row.status == GRADED
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
