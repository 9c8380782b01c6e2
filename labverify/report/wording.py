"""The words every output uses for verdicts and for a grade that is not final: one table each."""

from __future__ import annotations

from ..catalogue import render
from ..grade import IN_PROGRESS, INCOMPLETE, Grade

# Short labels (scorecard, HTML, Markdown) and the sentence openers of a scenario's output.
LABEL = {"pass": "pass", "fail": "not done yet", "in_progress": "in progress",
         "error": "could not verify", "skipped": "not graded", "waived": "waived"}
OUTCOME = {"pass": "Passed.", "fail": "Not done yet", "in_progress": "Still in progress",
           "error": "Could not verify", "skipped": "Not graded", "waived": "Waived"}
WHAT_TO_DO = {"en": "What to do:", "zh-TW": "該怎麼做："}


def grade_notice(grade: Grade) -> str:
    """Why the grade is not final, for the student in their language; "" when it is."""
    if grade.status == INCOMPLETE:
        reasons = sorted({s.result.message.split(":")[0] for s in grade.unverified})[:3]
        return render("ui", "grade.incomplete", {"count": len(grade.unverified),
                                           "reasons": "; ".join(reasons)}, grade.lang)
    if grade.status == IN_PROGRESS:
        return render("ui", "grade.in_progress", {"count": len(grade.under_way)}, grade.lang)
    return ""
