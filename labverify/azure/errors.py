"""Turning SDK exceptions into what they mean for a grade.

Anything that says nothing about the student's work (throttling, outages, timeouts, dropped
connections, the grader's own missing permission, garbage in a response) becomes "could not
verify". A 404 is handed back as ``Missing`` so the check that asked can decide what absence
means.
"""

from __future__ import annotations

import json
import socket

import openai
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    DeserializationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceRequestTimeoutError,
    ServiceResponseError,
    ServiceResponseTimeoutError,
)

from ..catalogue import Hint, hint, message
from ..verdicts import CouldNotVerify, LabOutcome

# A 200 whose body is not what the API documents: a proxy's HTML page, a cut-off body.
# openai raises a bare json.JSONDecodeError (a ValueError) for it, azure-core DecodeError.
_UNREADABLE = (DecodeError, DeserializationError, openai.APIResponseValidationError,
               json.JSONDecodeError, UnicodeDecodeError, ValueError)


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


def _timed_out(exc: BaseException) -> bool:
    """Whether a transport failure was a timeout rather than a refused or dropped connection."""
    if isinstance(exc, ServiceRequestTimeoutError | ServiceResponseTimeoutError
                  | openai.APITimeoutError):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, TimeoutError | socket.timeout):
            return True
        if type(current).__name__ in ("ReadTimeout", "ConnectTimeout", "ReadTimeoutError",
                                      "ConnectTimeoutError", "TimeoutException"):
            return True
        inner = getattr(current, "inner_exception", None)
        current = inner if isinstance(inner, BaseException) else (
            current.__cause__ or current.__context__)
    return False


def _transient(key: str, what: str, **evidence: object) -> CouldNotVerify:
    return CouldNotVerify(message(key, what=what), hint=hint("error.transient"),
                          evidence={"read": str(what), **evidence})


def classify(exc: BaseException, what: str, *, replayed: str | None = None,
             rerecord_hint: Hint | None = None) -> BaseException:
    """The exception a check should see for an SDK failure while reading ``what``.

    ``replayed`` names the recorded answer when the response came from a cassette: a body
    that cannot be read is then the session's damage, named, not Azure's.
    Anything that is not an SDK failure (a labverify bug, a read-only violation) is handed
    back unchanged, so that it surfaces as itself.
    """
    if isinstance(exc, LabOutcome | Missing):
        return exc
    if isinstance(exc, ClientAuthenticationError) and getattr(exc, "status_code", None) is None:
        # No HTTP answer at all: the grader's credential could not get a token.
        first = (str(exc.message or exc).splitlines() or ["no details"])[0]
        return CouldNotVerify(message("azure.sign_in", what=what, detail=first),
                              hint=hint("error.sign_in"), evidence={"read": str(what)})
    if isinstance(exc, ResourceNotFoundError) or (
            isinstance(exc, HttpResponseError) and exc.status_code == 404):
        return Missing(_arm_code(exc) or "NotFound", str(exc.message or exc))
    if isinstance(exc, openai.NotFoundError):
        return Missing(_openai_code(exc) or "NotFound", exc.message)
    # Before HttpResponseError: DecodeError is one, with the 200 of the unreadable answer.
    if isinstance(exc, _UNREADABLE):
        if replayed:
            return CouldNotVerify(
                message("azure.recorded_unreadable", recorded=replayed,
                        what=what, problem=type(exc).__name__),
                hint=rerecord_hint or hint("error.transient"),
                evidence={"read": str(what), "recorded": replayed,
                          "problem": type(exc).__name__})
        return _transient("azure.unreadable", what, problem=type(exc).__name__)
    if isinstance(exc, ClientAuthenticationError | HttpResponseError):
        status = getattr(exc, "status_code", None)
        code = _arm_code(exc) if isinstance(exc, HttpResponseError) else ""
        return _by_status(status, code, what)
    if isinstance(exc, openai.APIStatusError):
        return _by_status(exc.status_code, _openai_code(exc), what)
    if isinstance(exc, ServiceRequestError | ServiceResponseError | openai.APIConnectionError):
        if _timed_out(exc):
            return _transient("azure.timeout", what, problem="timeout")
        if isinstance(exc, ServiceRequestError):
            return _transient("azure.unreachable", what, problem="connection")
        return _transient("azure.dropped", what, problem="connection")
    return exc


def _openai_code(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("code"):
            return str(error["code"])
    return ""


def _by_status(status: int | None, code: str, what: str) -> CouldNotVerify:
    evidence = {"read": str(what), "status": status, "code": code}
    # "HTTP 403 AuthorizationFailed", or "HTTP 403" when Azure named no code.
    http = f"HTTP {status} {code}".strip()
    if status in (401, 403):
        return CouldNotVerify(message("azure.forbidden", what=what, http=http),
                              hint=hint("error.grader_permission"), evidence=evidence)
    if status == 429:
        return CouldNotVerify(message("azure.throttled", what=what),
                              hint=hint("error.transient"), evidence=evidence)
    return CouldNotVerify(message("azure.http", what=what, http=http),
                          hint=hint("error.transient"), evidence=evidence)
