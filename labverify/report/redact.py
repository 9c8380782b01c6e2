"""Redaction at the report layer: no report prints a field named like a secret.

Recorded sessions are sanitized before they are written, so nothing secret should reach a
report; this is the second line of defence. Every report writer goes through
``redact_result`` (structured evidence, by field name) and ``redact_text`` (free text, by the
shape of well-known credentials), so a secret that slipped past the sanitizer, or a
live-mode exception message quoting a header, still never reaches a file a student opens.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..secrets import JWT, REDACTED
from ..verdicts import ScenarioResult

# Substrings of a field name that mark its value as secret. Deliberately broad: hiding a
# harmless value costs a grader a detail, printing a key costs the student a rotation.
_SECRET_NAME = re.compile(
    r"key|token|secret|passw|pwd|credential|authori[sz]|signature|cookie|"
    r"connection_?string|(?:^|[^a-z])sig(?:[^a-z]|$)|(?:^|[^a-z])sas(?:[^a-z]|$)",
    re.IGNORECASE)

# Values that may stand under a secret-like name because they only name a secret: the
# checks record which key matched ("key1", "key2" or "neither"), never the key itself.
_SAFE_LABELS = frozenset({"key1", "key2", "neither", ""})

_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    (JWT, REDACTED),
    (re.compile(r"(?i)(\bsig=)[^&\s\"'<>]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)\b((?:[a-z]+[-_]?)?(?:api[-_]?key|token|access[-_]?token|refresh[-_]?token|"
                r"client[-_]?secret|secret|password|accountkey|sharedaccesskey)"
                r"[\"']?\s*[:=]\s*[\"']?)[^\s\"';&,<>]+"), r"\1" + REDACTED),
)


def is_secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name))


def redact_text(text: str) -> str:
    """Cut credential-shaped substrings (bearer tokens, JWTs, SAS signatures, key=value)."""
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact(value: Any, *, secret: bool = False) -> Any:
    """A copy of ``value`` with every value under a secret-like field name replaced.

    ``secret`` is true below such a name: then only booleans, numbers, null and key labels
    are kept, at any depth.
    """
    if isinstance(value, dict):
        return {str(k): redact(v, secret=secret or is_secret_name(str(k)))
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v, secret=secret) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value)
    if secret and text not in _SAFE_LABELS:
        return REDACTED
    return redact_text(text)


def _text_only(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _text_only(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_text_only(v) for v in value]
    return redact_text(value) if isinstance(value, str) else value


def redact_result(result: ScenarioResult) -> ScenarioResult:
    # Hint and message values are rendered into the hint's text in any language; they are cut by shape
    # only, since their names ("api_key_var") describe what they name, not a secret.
    return replace(result, name=redact_text(result.name), message=redact_text(result.message),
                   hint=redact_text(result.hint), evidence=redact(result.evidence),
                   hint_params=_text_only(result.hint_params),
                   message_params=_text_only(result.message_params))
