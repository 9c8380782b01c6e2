"""The one ``results.json``: a student's Grade in Gradescope's documented format.

``labverify grade --json`` and class grading write the same document, from the same Grade:
Gradescope's documented fields at the top level and in ``tests[]``; everything labverify adds
(task, check id, verdict, evidence, waiver, provenance, whether the grade is final) under
``extra_data``. ``labverify/schemas/results.schema.json`` describes it, and the tests validate
every results file any command writes against that schema and against Gradescope's fields.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..catalogue import localized, ui
from ..grade import Grade, ScenarioGrade, format_points
from ..outputs import write_text
from . import wording

SCHEMA_ID = "https://labverify.invalid/schemas/results.schema.json"


def student_output(s: ScenarioGrade, lang: str = "en") -> str:
    """The student's text for one scenario: what was seen, what to do, and any waiver."""
    return wording.scenario_output(s, lang)


def summary_output(grade: Grade) -> str:
    lang = grade.lang
    lines = [wording.score_line(grade)]
    notice = wording.grade_notice(grade)
    if notice:
        lines.append(notice)
    lines += wording.notes(grade)
    for t in grade.tasks:
        lines.append(ui("task.summary", lang, number=t.number, name=wording.task_name(t, lang),
                        earned=format_points(t.earned), points=format_points(t.points),
                        state=wording.task_state(t, lang)))
    if grade.provenance:
        lines.append("")
        lines += wording.provenance_lines(grade)
    return "\n".join(lines)


def _test(s: ScenarioGrade, task: int, lang: str, visibility: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"check": s.result.check_id, "task": task,
                             "verdict": s.result.verdict.value, "shown": s.shown_verdict,
                             "counted": s.counted, "policy": s.policy,
                             "evidence": s.result.evidence}
    if s.result.hint_key:
        extra["hint"] = s.result.hint_key
    if s.result.message_key:
        extra["message"] = s.result.message_key
    if s.waiver is not None:
        extra["waiver"] = s.waiver.to_dict()
    return {
        "name": ui("task.heading", lang, number=task, name=s.result.name),
        "name_format": "text", "number": s.number,
        "score": round(s.earned, 4), "max_score": round(s.points if s.counted else 0.0, 4),
        "status": "passed" if s.counts_as_passed else "failed",
        "output": student_output(s, lang), "output_format": "text",
        "tags": [f"task{task}", s.shown_verdict, s.result.check_id],
        "visibility": visibility, "extra_data": extra,
    }


def results_document(grade: Grade, *, visibility: str = "visible") -> dict[str, Any]:
    """The results of one student, for a file or for Gradescope."""
    return {
        "score": round(grade.score, 2), "max_score": round(grade.max_score, 2),
        "output": summary_output(grade), "output_format": "text",
        "visibility": visibility, "stdout_visibility": "hidden",
        "extra_data": {
            "schema": SCHEMA_ID, "student": grade.student, "lang": grade.lang,
            "status": grade.status, "final": grade.final,
            "could_not_verify": len(grade.unverified), "under_way": len(grade.under_way),
            "notes": [localized(note, grade.lang) for note in grade.notes],
            "provenance": grade.provenance,
            "costs": [c.to_dict(grade.lang)
                      for c in grade.costs],
            "tasks": [{"task": t.number, "name": wording.task_name(t, grade.lang),
                       "policy": t.policy, "state": t.state,
                       "points": round(t.points, 4), "earned": round(t.earned, 4),
                       "passed": t.passed} for t in grade.tasks]},
        "tests": [_test(s, t.number, grade.lang, visibility) for t in grade.tasks
                  for s in t.scenarios],
    }


def results_text(grade: Grade) -> str:
    return json.dumps(results_document(grade), indent=2, ensure_ascii=False) + "\n"


def write_results(path: Path, grade: Grade) -> None:
    write_text(path, results_text(grade))
