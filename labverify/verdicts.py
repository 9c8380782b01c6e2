"""The five verdicts a scenario can end in, and the exceptions steps raise to give them.

A ``fail`` is the student's: their work is wrong, and the hint says what to do. An ``error``
is ours: labverify could not verify (throttling, outage, missing grader permission, a broken
recorded session). Only the first ever costs a student points for the wrong reason if
misclassified, so every Azure error is turned into ``error`` unless it proves the work wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    IN_PROGRESS = "in_progress"
    ERROR = "error"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return self.value


class LabOutcome(Exception):
    """Base of the outcomes a step can raise; carries what a student and a grader see."""

    verdict: Verdict = Verdict.ERROR

    def __init__(self, message: str, *, hint: str = "", evidence: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.evidence = dict(evidence or {})


class LabFail(LabOutcome, AssertionError):
    """The student's work does not meet the lab's requirement."""

    verdict = Verdict.FAIL


class LabInProgress(LabOutcome):
    """The work is under way in Azure (a job training, a resource provisioning)."""

    verdict = Verdict.IN_PROGRESS


class CouldNotVerify(LabOutcome):
    """labverify could not tell: throttled, outage, no permission, broken session."""

    verdict = Verdict.ERROR


class NotGraded(LabOutcome):
    """The scenario does not apply to this run (e.g. a carry-out step while grading)."""

    verdict = Verdict.SKIPPED


@dataclass
class ScenarioResult:
    """One scenario's verdict, as reports and the CLI see it."""

    check_id: str
    task: int
    name: str
    verdict: Verdict
    message: str = ""
    hint: str = ""
    evidence: dict = field(default_factory=dict)
    # The hint's and the message's catalogue keys and values, so that every output renders
    # them in the grade's language.
    hint_key: str = ""
    hint_params: dict = field(default_factory=dict)
    message_key: str = ""
    message_params: dict = field(default_factory=dict)

    def localized_hint(self, lang: str) -> str:
        if lang == "en" or not self.hint_key:
            return self.hint
        from .catalogue import render

        return render("hints", self.hint_key, self.hint_params, lang)

    def localized_message(self, lang: str) -> str:
        if lang == "en" or not self.message_key:
            return self.message
        from .catalogue import render

        return render("messages", self.message_key, self.message_params, lang)

    def to_dict(self) -> dict:
        return {
            "check": self.check_id,
            "task": self.task,
            "name": self.name,
            "verdict": self.verdict.value,
            "message": self.message,
            "hint": self.hint,
            "evidence": self.evidence,
            "hint_key": self.hint_key,
            "hint_params": self.hint_params,
            "message_key": self.message_key,
            "message_params": self.message_params,
        }

    @classmethod
    def from_dict(cls, value: dict) -> ScenarioResult:
        return cls(check_id=value["check"], task=value["task"], name=value["name"],
                   verdict=Verdict(value["verdict"]), message=value["message"],
                   hint=value["hint"], evidence=value["evidence"],
                   hint_key=value.get("hint_key", ""), hint_params=value.get("hint_params", {}),
                   message_key=value.get("message_key", ""),
                   message_params=value.get("message_params", {}))
