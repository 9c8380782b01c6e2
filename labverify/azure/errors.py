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

from ..catalogue import Hint, hint
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


def _transient(message: str, what: str, **evidence: object) -> CouldNotVerify:
    return CouldNotVerify(message, hint=hint("error.transient"), evidence={"read": what, **evidence})


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
        return CouldNotVerify(f"could not sign in to Azure while reading {what}: {first}",
                              hint=hint("error.sign_in"), evidence={"read": what})
    if isinstance(exc, ResourceNotFoundError) or (
            isinstance(exc, HttpResponseError) and exc.status_code == 404):
        return Missing(_arm_code(exc) or "NotFound", str(exc.message or exc))
    if isinstance(exc, openai.NotFoundError):
        return Missing(_openai_code(exc) or "NotFound", exc.message)
    # Before HttpResponseError: DecodeError is one, with the 200 of the unreadable answer.
    if isinstance(exc, _UNREADABLE):
        if replayed:
            return CouldNotVerify(
                f"the recorded answer to {replayed} cannot be read as Azure's ({what}: "
                f"{type(exc).__name__}); the session is damaged",
                hint=rerecord_hint or hint("error.transient"),
                evidence={"read": what, "recorded": replayed, "problem": type(exc).__name__})
        return _transient(f"Azure sent a response labverify cannot read ({what})", what,
                          problem=type(exc).__name__)
    if isinstance(exc, ClientAuthenticationError | HttpResponseError):
        status = getattr(exc, "status_code", None)
        code = _arm_code(exc) if isinstance(exc, HttpResponseError) else ""
        return _by_status(status, code, what)
    if isinstance(exc, openai.APIStatusError):
        return _by_status(exc.status_code, _openai_code(exc), what)
    if isinstance(exc, ServiceRequestError | ServiceResponseError | openai.APIConnectionError):
        if _timed_out(exc):
            return _transient(f"Azure did not answer in time while reading {what}", what,
                              problem="timeout")
        if isinstance(exc, ServiceRequestError):
            return _transient(f"could not reach Azure while reading {what}", what,
                              problem="connection")
        return _transient(f"the connection to Azure was dropped while reading {what}", what,
                          problem="connection")
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
            f"the grader is not allowed to read {what} (HTTP {status} {code})".replace(" )", ")"),
            hint=hint("error.grader_permission"), evidence=evidence)
    if status == 429:
        return CouldNotVerify(f"Azure throttled reading {what} (HTTP 429), retries used up",
                              hint=hint("error.transient"), evidence=evidence)
    return CouldNotVerify(f"Azure answered HTTP {status} {code} while reading {what}".replace("  ", " "),
                          hint=hint("error.transient"), evidence=evidence)
