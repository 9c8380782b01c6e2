"""Loaded with ``-p tests.secrets.leaky_plugin`` into a record run that must not leak.

It hands out a canary bearer token and makes two reads fail with an unexpected exception
raised deep inside each SDK's stack: the ARM role-assignment list below urllib3 (where the
request headers, ``Authorization`` included, are local variables) and the data-plane job list
below httpx2 (where openai's request options, ``api-key`` included, are). An unexpected
exception is not a lab verdict, so pytest prints its whole traceback, locals and all.

It also fails task 3's keys scenario at teardown with a plain ``assert`` comparing the two
keys read from listKeys: pytest rewrites asserts in ``-p`` plugins, so the failure shows both.
"""

from __future__ import annotations

import os
from typing import Any

import httpcore2
import pytest
import urllib3.connectionpool

from labverify import run as run_module
from labverify.azure.credentials import StaticCredential
from labverify.pytest_plugin import lab_run_for

ARM_TARGET = "/providers/Microsoft.Authorization/roleAssignments"
DATAPLANE_TARGET = b"/openai/fine_tuning/jobs"

_token = os.environ["LABVERIFY_CANARY_TOKEN"]
run_module.StaticCredential = lambda *args: StaticCredential(_token)  # type: ignore[misc,assignment]

_make_request = urllib3.connectionpool.HTTPConnectionPool._make_request
_handle_request = httpcore2.ConnectionPool.handle_request


def _failing_make_request(self: Any, conn: Any, method: str, url: str, *args: Any,
                          **kwargs: Any) -> Any:
    if ARM_TARGET in url:
        raise RuntimeError("injected failure below the ARM client")
    return _make_request(self, conn, method, url, *args, **kwargs)


def _failing_handle_request(self: Any, request: Any) -> Any:
    if request.url.target.startswith(DATAPLANE_TARGET):
        raise RuntimeError("injected failure below the data-plane client")
    return _handle_request(self, request)


urllib3.connectionpool.HTTPConnectionPool._make_request = _failing_make_request  # type: ignore[method-assign]
httpcore2.ConnectionPool.handle_request = _failing_handle_request  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def keys_compared_after_task_3(request: pytest.FixtureRequest) -> Any:
    yield
    check = request.node.get_closest_marker("lab_check")
    if check is None or check.args[0] != "t3-keys":
        return
    keys = lab_run_for(request.config).reads.keys("AzureOpenAI-Finetune21")  # memoised: no request
    assert keys.key1 == keys.key2
