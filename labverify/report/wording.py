"""The words every output uses, in the grade's language, from the catalogue's ``[ui]`` table.

Renderers (scorecard, results.json, HTML, Markdown, JUnit) ask here for a verdict's label, a
scenario's sentence, a task's title, the score line, the notes and the cost lines; none of them
holds a sentence of its own.
"""

from __future__ import annotations

from ..catalogue import localized, task_title, ui
from ..costs import CostLine
from ..grade import IN_PROGRESS, INCOMPLETE, Grade, ScenarioGrade, TaskGrade, format_points
from ..verdicts import Verdict
from .provenance import provenance_rows


def label(verdict: str, lang: str) -> str:
    """The short word for a verdict as shown (pass, not done yet, waived, ...)."""
    return ui(f"label.{verdict}", lang)


def task_name(task: TaskGrade, lang: str) -> str:
    return task_title(task.number, lang)


def task_heading(task: TaskGrade, lang: str) -> str:
    return ui("task.heading", lang, number=task.number, name=task_name(task, lang))


def task_state(task: TaskGrade, lang: str) -> str:
    return ui(f"state.{task.state}", lang)


def policy(name: str, lang: str) -> str:
    return ui(f"policy.{name}", lang)


def score_line(grade: Grade) -> str:
    return ui("score", grade.lang, score=format_points(grade.score),
              max_score=format_points(grade.max_score))


def points_text(s: ScenarioGrade, lang: str) -> str:
    if not s.counted:
        return ui("points.not_counted", lang)
    return ui("points.earned", lang, earned=format_points(s.earned),
              points=format_points(s.points))


def waiver_text(s: ScenarioGrade, lang: str) -> str:
    return s.waiver.describe(lang) if s.waiver is not None else ""


def scenario_output(s: ScenarioGrade, lang: str) -> str:
    """The student's text for one scenario: what was seen, what to do, and any waiver."""
    result = s.result
    if result.verdict is Verdict.PASS:
        text = ui("outcome.pass", lang)
    else:
        text = ui(f"outcome.{result.verdict.value}", lang,
                  message=result.localized_message(lang))
        hint = result.localized_hint(lang)
        if hint:
            text += "\n" + ui("what_to_do", lang, hint=hint)
    if s.waiver is None:
        return text
    if s.waived and result.verdict is not Verdict.PASS:
        return waiver_text(s, lang) + "\n" + ui("observed", lang, text=text)
    return f"{text}\n{waiver_text(s, lang)}"


def notes(grade: Grade) -> list[str]:
    return [ui("note", grade.lang, text=localized(note, grade.lang)) for note in grade.notes]


def cost_text(line: CostLine, lang: str) -> str:
    """One deployment that bills by the hour, in a sentence."""
    return line.describe(lang)


def costs(grade: Grade) -> list[str]:
    return [ui("cost", grade.lang, text=cost_text(line, grade.lang)) for line in grade.costs]


# Provenance values that are words of labverify's own, shown in the grade's language.
_PROVENANCE_WORDS = {"mode": ("replay", "live"), "origin": ("synthesized", "live")}


def provenance(grade: Grade) -> list[tuple[str, str]]:
    """The provenance rows with their labels (and labverify's own words) in the grade's language."""
    rows = []
    for field, value, known in provenance_rows(grade.provenance):
        if value in _PROVENANCE_WORDS.get(field, ()):
            value = ui(f"provenance.{field}.{value}", grade.lang)
        rows.append((ui(f"provenance.{field}", grade.lang) if known else field, value))
    return rows


def provenance_lines(grade: Grade) -> list[str]:
    return [ui("provenance.row", grade.lang, label=label, value=value)
            for label, value in provenance(grade)]


def grade_notice(grade: Grade) -> str:
    """Why the grade is not final, for the student in their language; "" when it is."""
    if grade.status == INCOMPLETE:
        reasons = sorted({s.result.localized_message(grade.lang).split(":")[0].split("：")[0]
                          for s in grade.unverified})[:3]
        return ui("grade.incomplete", grade.lang, count=len(grade.unverified),
                  reasons=("; " if grade.lang == "en" else "；").join(reasons))
    if grade.status == IN_PROGRESS:
        return ui("grade.in_progress", grade.lang, count=len(grade.under_way))
    return ""
