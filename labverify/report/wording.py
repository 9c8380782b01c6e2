"""The words every output uses for verdicts and for a grade that is not final: one table each."""

from __future__ import annotations

from ..grade import IN_PROGRESS, INCOMPLETE, Grade

# Short labels (scorecard, HTML, Markdown) and the sentence openers of a scenario's output.
LABEL = {"pass": "pass", "fail": "not done yet", "in_progress": "in progress",
         "error": "could not verify", "skipped": "not graded", "waived": "waived"}
OUTCOME = {"pass": "Passed.", "fail": "Not done yet", "in_progress": "Still in progress",
           "error": "Could not verify", "skipped": "Not graded", "waived": "Waived"}
WHAT_TO_DO = {"en": "What to do:", "zh-TW": "該怎麼做："}


def grade_notice(grade: Grade) -> str:
    """Why the grade is not final, for the student; "" when it is."""
    if grade.status == INCOMPLETE:
        reasons = sorted({s.result.message.split(":")[0] for s in grade.unverified})[:3]
        return (f"Incomplete: {len(grade.unverified)} check(s) could not be verified "
                f"({'; '.join(reasons)}). They are left out of the score and the maximum, "
                "and say nothing about your work; grade again later.")
    if grade.status == IN_PROGRESS:
        return (f"In progress: {len(grade.under_way)} check(s) are still under way in Azure; "
                "this grade is not final. Grade again when they have finished.")
    return ""
