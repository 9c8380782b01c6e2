"""Findings: one problem at a line and field of a dataset file, with a stable code.

Every code and its severity is listed in ``CODES``; the package docstring explains each.
The findings a grading can report (errors) take their message from the catalogue, so that a
grade shows them in its language; ``labverify data`` prints the English one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal

from ..catalogue import Text, render

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"

# Codes the OpenAI cookbook's format check uses, kept verbatim so its output can be compared.
COOKBOOK_CODES = (
    "data_type",
    "missing_messages_list",
    "message_missing_key",
    "message_unrecognized_key",
    "unrecognized_role",
    "missing_content",
    "example_missing_assistant_message",
)

# code -> default severity. Severities that depend on context (too_few_examples) are passed
# explicitly where the finding is made.
CODES: dict[str, Severity] = {
    **dict.fromkeys(COOKBOOK_CODES, ERROR),
    "file_missing": ERROR,
    "not_a_file": ERROR,
    "unreadable_file": ERROR,
    "file_too_large": ERROR,
    "empty_file": ERROR,
    "json_array": ERROR,
    "not_utf8": ERROR,
    "binary_file": ERROR,
    "blank_line": ERROR,
    "line_too_long": ERROR,
    "invalid_json": ERROR,
    "example_unrecognized_key": WARNING,
    "blank_assistant_content": ERROR,
    "blank_content": WARNING,
    "invalid_content_part": ERROR,
    "content_part_not_counted": WARNING,
    "invalid_name": ERROR,
    "invalid_weight": ERROR,
    "weight_on_non_assistant": ERROR,
    "no_trained_assistant_message": WARNING,
    "invalid_function_call": ERROR,
    "missing_function_name": ERROR,
    "invalid_tool_calls": ERROR,
    "missing_tool_call_id": ERROR,
    "special_token_text": WARNING,
    "token_count_failed": ERROR,
    "example_too_long": ERROR,
    "too_few_examples": ERROR,
    "duplicate_example": WARNING,
    "validation_overlaps_training": WARNING,
    "unexpected_content": ERROR,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in a dataset file. ``line`` is 1-based; None for the whole file.

    ``key`` and ``params`` name the message's catalogue entry when it has one; the message
    itself is kept as a plain str, since findings travel between worker processes.
    """

    line: int | None
    severity: Severity
    code: str
    message: str
    field: str | None = None
    key: str = ""
    params: dict[str, Any] = dataclass_field(default_factory=dict)  # `field` names a field here

    def text(self, lang: str) -> str:
        """The message in ``lang``; as it is when it is not from the catalogue."""
        return render("messages", self.key, self.params, lang) if self.key else self.message

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"line": self.line, "severity": self.severity,
                                  "code": self.code, "message": self.message}
        if self.field is not None:
            out["field"] = self.field
        return out


def short_key(key: str, limit: int = 60) -> str:
    """A key from a dataset, cut short enough to name a field readably."""
    return key if len(key) <= limit else key[: limit - 3] + "..."


def make(code: str, message: str, line: int | None, field: str | None = None,
         severity: Severity | None = None) -> Finding:
    """A finding; ``message`` is a catalogue ``Text`` for every one a grading can report."""
    if isinstance(message, Text):
        return Finding(line, severity or CODES[code], code, str(message), field, message.key,
                       message.params)
    return Finding(line, severity or CODES[code], code, message, field)


class FindingLog:
    """Findings of one file, bounded in memory.

    A broken file can hold a finding on every one of millions of lines; every finding is
    counted, but only the first ``keep_per_code`` of each code are kept.
    """

    def __init__(self, keep_per_code: int) -> None:
        self.keep_per_code = keep_per_code
        self.kept: list[Finding] = []
        # (code, severity) -> count; a code can occur as an error and as a warning.
        self.counts: dict[tuple[str, Severity], int] = {}

    def add(self, finding: Finding) -> None:
        key = (finding.code, finding.severity)
        seen = self.counts.get(key, 0)
        self.counts[key] = seen + 1
        if seen < self.keep_per_code:
            self.kept.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def merge(self, kept: Iterable[Finding], counts: dict[tuple[str, Severity], int]) -> None:
        """Fold in another log's findings (a chunk's), keeping the overall bound."""
        kept_now: dict[tuple[str, Severity], int] = {}
        for finding in kept:
            key = (finding.code, finding.severity)
            index = self.counts.get(key, 0) + kept_now.get(key, 0)
            kept_now[key] = kept_now.get(key, 0) + 1
            if index < self.keep_per_code:
                self.kept.append(finding)
        for key, count in counts.items():
            self.counts[key] = self.counts.get(key, 0) + count
