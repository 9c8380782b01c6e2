"""Turning SDK exceptions into what they mean for a grade.

Anything that says nothing about the student's work (throttling, outages, timeouts, the
grader's own missing permission, garbage in a response) becomes "could not verify".
A 404 is handed back as ``Missing`` so the check that asked can decide what absence means.
"""

from __future__ import annotations

import json

import openai
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    DeserializationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

from ..verdicts import CouldNotVerify, LabOutcome

GRADER_PERMISSION_HINT = (
    "The identity running labverify lacks a permission it needs. Give it Reader on the "
    "student's subscription and Cognitive Services Contributor on the resource group "
    "(see the README, 'Permissions the grader needs'), then grade again."
)
TRANSIENT_HINT = "Azure did not answer usefully; this says nothing about your work. Try again later."


class Missing(Exception):
    """Azure answered 404: the thing asked for does not exist."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _arm_code(exc: HttpResponseError) -> str:
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None)
    if code:
        return str(code)
    try:
        return str(json.loads(exc.response.text())["error"]["code"])  # type: ignore[union-attr]
    except Exception:
        return ""


def classify(exc: BaseException, what: str) -> BaseException:
    """The exception a check should see for an SDK failure while reading ``what``."""
    if isinstance(exc, LabOutcome | Missing):
        return exc
    if isinstance(exc, ResourceNotFoundError) or (
            isinstance(exc, HttpResponseError) and exc.status_code == 404):
        return Missing(_arm_code(exc) or "NotFound", str(exc.message or exc))
    if isinstance(exc, openai.NotFoundError):
        return Missing(_openai_code(exc) or "NotFound", exc.message)
    if isinstance(exc, ClientAuthenticationError | HttpResponseError):
        status = getattr(exc, "status_code", None)
        code = _arm_code(exc) if isinstance(exc, HttpResponseError) else ""
        return _by_status(status, code, what)
    if isinstance(exc, openai.APIStatusError):
        return _by_status(exc.status_code, _openai_code(exc), what)
    if isinstance(exc, openai.APITimeoutError | ServiceResponseError):
        return CouldNotVerify(f"Azure did not answer in time while reading {what}",
                              hint=TRANSIENT_HINT, evidence={"read": what})
    if isinstance(exc, openai.APIConnectionError | ServiceRequestError):
        return CouldNotVerify(f"could not reach Azure while reading {what}: {exc}",
                              hint=TRANSIENT_HINT, evidence={"read": what})
    if isinstance(exc, DecodeError | DeserializationError | ValueError):
        return CouldNotVerify(f"Azure sent a response labverify cannot read ({what})",
                              hint=TRANSIENT_HINT, evidence={"read": what})
    return exc


def _openai_code(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("code"):
            return str(error["code"])
    return ""


def _by_status(status: int | None, code: str, what: str) -> CouldNotVerify:
    evidence = {"read": what, "status": status, "code": code}
    if status in (401, 403):
        return CouldNotVerify(
            f"the grader is not allowed to read {what} (HTTP {status} {code})".rstrip(),
            hint=GRADER_PERMISSION_HINT, evidence=evidence)
    if status == 429:
        return CouldNotVerify(f"Azure throttled reading {what} (HTTP 429), retries used up",
                              hint=TRANSIENT_HINT, evidence=evidence)
    return CouldNotVerify(f"Azure answered HTTP {status} {code} while reading {what}".replace("  ", " "),
                          hint=TRANSIENT_HINT, evidence=evidence)
