"""What each SDK failure means for a grade, one exception at a time."""

from __future__ import annotations

import json

import httpx2
import openai
import pytest
import requests
from azure.core.exceptions import (
    DecodeError,
    HttpResponseError,
    ServiceRequestError,
    ServiceRequestTimeoutError,
    ServiceResponseError,
    ServiceResponseTimeoutError,
)

from labverify.azure.errors import Missing, classify
from labverify.azure.guard import ReadOnlyViolation
from labverify.verdicts import CouldNotVerify

WHAT = "the uploaded files"
_REQUEST = httpx2.Request("GET", "https://example.openai.azure.com/openai/files")


def _reset() -> ServiceResponseError:
    try:
        raise requests.exceptions.ConnectionError(ConnectionResetError(104, "reset by peer"))
    except requests.exceptions.ConnectionError as err:
        return ServiceResponseError(err, error=err)


@pytest.mark.parametrize("exc, words", [
    (json.JSONDecodeError("Expecting value", "<html>", 0), "cannot read"),
    (DecodeError("JSON is invalid: <html>"), "cannot read"),
    (openai.APIResponseValidationError(httpx2.Response(200, request=_REQUEST), None),
     "cannot read"),
    (ServiceResponseTimeoutError("read timed out"), "did not answer in time"),
    (ServiceRequestTimeoutError("connect timed out"), "did not answer in time"),
    (openai.APITimeoutError(request=_REQUEST), "did not answer in time"),
    (_reset(), "connection to Azure was dropped"),
    (openai.APIConnectionError(request=_REQUEST), "connection to Azure was dropped"),
    (ServiceRequestError("name resolution failed"), "could not reach Azure"),
])
def test_transient_failures_are_could_not_verify(exc: Exception, words: str) -> None:
    got = classify(exc, WHAT)
    assert isinstance(got, CouldNotVerify)
    assert words in got.message and WHAT in got.message
    assert "HTTP 200" not in got.message
    assert got.evidence["read"] == WHAT


def test_a_timeout_below_a_plain_connection_error_is_still_a_timeout() -> None:
    inner = requests.exceptions.ReadTimeout("read timed out")
    got = classify(ServiceResponseError(inner, error=inner), WHAT)
    assert isinstance(got, CouldNotVerify) and "did not answer in time" in got.message


@pytest.mark.parametrize("status, words", [(429, "throttled"), (500, "HTTP 500"),
                                           (503, "HTTP 503"), (403, "not allowed")])
def test_status_errors_name_the_status(status: int, words: str) -> None:
    response = httpx2.Response(status, request=_REQUEST, json={"error": {"code": "x"}})
    arm = HttpResponseError(message="failed")
    arm.status_code = status
    for exc in (openai.APIStatusError("failed", response=response, body=None), arm):
        got = classify(exc, WHAT)
        assert isinstance(got, CouldNotVerify) and words in got.message, got.message


def test_absence_is_left_to_the_check() -> None:
    response = httpx2.Response(404, request=_REQUEST)
    got = classify(openai.NotFoundError("gone", response=response,
                                        body={"error": {"code": "DeploymentNotFound"}}), WHAT)
    assert isinstance(got, Missing) and got.code == "DeploymentNotFound"


@pytest.mark.parametrize("exc", [
    ReadOnlyViolation("DELETE", "https://management.azure.com/subscriptions/s", "arm"),
    RuntimeError("a labverify bug"),
])
def test_what_is_not_an_sdk_failure_stays_itself(exc: Exception) -> None:
    assert classify(exc, WHAT) is exc
