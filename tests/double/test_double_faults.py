"""Faults declared in a world: status (with Retry-After), reset, slow, malformed, and times."""

from __future__ import annotations

import json
import time

import httpx2
import openai
import pytest
from azure.core.exceptions import DecodeError, HttpResponseError, ServiceResponseError
from double_support import ACCOUNT, GROUP, cognitive, http_client, openai_client

from labverify.double.server import AzureDouble


def _fault(operation: str, kind: str, **extra: object) -> str:
    lines = [f'[[faults]]\noperation = "{operation}"\nkind = "{kind}"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


def test_arm_throttling_with_retry_after_once(make_world) -> None:
    world = make_world(_fault("accounts.list_keys", "status", status=429, retry_after=0, times=1))
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        with pytest.raises(HttpResponseError) as caught:
            client.accounts.list_keys(GROUP, ACCOUNT)
        assert caught.value.status_code == 429
        assert caught.value.error.code == "TooManyRequests"
        assert caught.value.response.headers["Retry-After"] == "0"
        assert client.accounts.list_keys(GROUP, ACCOUNT).key1
        assert [r.status for r in running.requests] == [429, 200]


def test_arm_forbidden_is_authorization_failed(make_world) -> None:
    world = make_world(_fault("accounts.list_keys", "status", status=403))
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        for _ in range(2):  # no times: always
            with pytest.raises(HttpResponseError) as caught:
                client.accounts.list_keys(GROUP, ACCOUNT)
            assert caught.value.status_code == 403
            assert caught.value.error.code == "AuthorizationFailed"
            assert "Microsoft.CognitiveServices/accounts/listKeys/action" in (
                caught.value.error.message)
        # Other operations are untouched.
        assert client.accounts.get(GROUP, ACCOUNT).name == ACCOUNT


@pytest.mark.parametrize(("status", "code"), [(500, "InternalServerError"),
                                              (503, "ServiceUnavailable")])
def test_arm_server_errors(make_world, status: int, code: str) -> None:
    world = make_world(_fault("accounts.get", "status", status=status, times=1))
    with AzureDouble(world) as running:
        with pytest.raises(HttpResponseError) as caught:
            cognitive(running, world).accounts.get(GROUP, ACCOUNT)
        assert (caught.value.status_code, caught.value.error.code) == (status, code)


def test_azure_core_retries_through_a_transient_fault(make_world) -> None:
    world = make_world(_fault("accounts.get", "status", status=503, retry_after=0, times=2))
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        client._config.retry_policy.total_retries = 3
        client._config.retry_policy.backoff_factor = 0
        assert client.accounts.get(GROUP, ACCOUNT).name == ACCOUNT
        assert [r.status for r in running.requests] == [503, 503, 200]


@pytest.mark.parametrize(("status", "error", "code"), [
    (429, openai.RateLimitError, "tooManyRequests"),
    (403, openai.PermissionDeniedError, "forbidden"),
    (500, openai.InternalServerError, "internalFailure"),
    (503, openai.InternalServerError, "serviceUnavailable"),
])
def test_dataplane_status_faults(make_world, status: int, error: type, code: str) -> None:
    world = make_world(_fault("jobs.retrieve", "status", status=status, retry_after=1, times=1))
    with AzureDouble(world) as running:
        client = openai_client(running)
        with pytest.raises(error) as caught:
            client.fine_tuning.jobs.retrieve("ftjob-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74")
        assert caught.value.code == code
        assert caught.value.response.headers["retry-after"] == "1"
        assert client.fine_tuning.jobs.retrieve("ftjob-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74").id


def test_reset_closes_the_connection_without_an_answer(make_world) -> None:
    world = make_world(_fault("accounts.list_keys", "reset", times=1)
                       + _fault("files.list", "reset", times=1))
    with AzureDouble(world) as running:
        with pytest.raises(ServiceResponseError):
            cognitive(running, world).accounts.list_keys(GROUP, ACCOUNT)
        with pytest.raises(openai.APIConnectionError):
            openai_client(running).files.list()
        assert [r.status for r in running.requests] == [0, 0]
        assert openai_client(running).files.list().data


def test_slow_answers_late(make_world) -> None:
    world = make_world(_fault("files.list", "slow", seconds=0.6))
    with AzureDouble(world) as running:
        started = time.monotonic()
        assert openai_client(running).files.list().data
        assert time.monotonic() - started >= 0.6
        with pytest.raises(openai.APITimeoutError):
            openai_client(running, timeout=0.2).files.list()


def test_malformed_body(make_world) -> None:
    world = make_world(_fault("accounts.get", "malformed", times=1)
                       + _fault("models.list", "malformed"))
    with AzureDouble(world) as running:
        with pytest.raises(DecodeError):
            cognitive(running, world).accounts.get(GROUP, ACCOUNT)
        # The openai SDK lets the JSON error through unwrapped.
        with pytest.raises(json.JSONDecodeError):
            openai_client(running).models.list()
        with http_client(running) as http:
            answer = http.get(f"{running.dataplane_url(ACCOUNT)}/openai/models",
                              params={"api-version": "2024-10-21"}, headers={"api-key": "k"})
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/json; charset=utf-8"
        with pytest.raises(json.JSONDecodeError):
            answer.json()


def test_wildcard_fault_hits_every_operation(make_world) -> None:
    world = make_world(_fault("*", "status", status=500, times=2))
    with AzureDouble(world) as running:
        with pytest.raises(HttpResponseError):
            cognitive(running, world).accounts.get(GROUP, ACCOUNT)
        with pytest.raises(openai.InternalServerError):
            openai_client(running).files.list()
        assert openai_client(running).files.list().data


def test_first_matching_fault_with_uses_left_wins(make_world) -> None:
    world = make_world(_fault("accounts.get", "status", status=429, times=1)
                       + _fault("accounts.get", "status", status=503, times=1))
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        for _ in range(3):
            try:
                client.accounts.get(GROUP, ACCOUNT)
            except HttpResponseError:
                pass
        assert [r.status for r in running.requests] == [429, 503, 200]


def test_faults_do_not_apply_before_authentication(make_world) -> None:
    world = make_world(_fault("accounts.get", "reset"))
    with AzureDouble(world) as running, http_client(running) as http:
        answer = http.get(f"{running.arm_url}/subscriptions/{world.subscription_id}/"
                          f"resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices/"
                          f"accounts/{ACCOUNT}", params={"api-version": "2025-09-01"})
        assert answer.status_code == 401
        with pytest.raises(httpx2.TransportError):
            http.get(f"{running.arm_url}/subscriptions/{world.subscription_id}/"
                     f"resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices/"
                     f"accounts/{ACCOUNT}", params={"api-version": "2025-09-01"},
                     headers={"Authorization": "Bearer t"})


def test_a_value_json_cannot_carry_gives_a_500(make_world) -> None:
    world = make_world('[[accounts]]\nname = "AzureOpenAI-Finetune21"\n'
                       "tags = { since = 2026-11-20 }\n")
    with AzureDouble(world) as running, pytest.raises(HttpResponseError) as caught:
        cognitive(running, world).accounts.get(GROUP, ACCOUNT)
    assert caught.value.status_code == 500
