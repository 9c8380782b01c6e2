"""The double's responses against Azure's own examples (copies in reference/).

For each operation with an example: every field the example has is in the double's body, with
the same JSON type, recursively; a field the example lacks is allowed only when it is listed
below as a documented field of the same resource. Status values come from the documented enums
and error bodies have the documented shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest
from azure.mgmt.authorization.v2022_04_01.models import PrincipalType
from azure.mgmt.cognitiveservices.models import DeploymentProvisioningState, ProvisioningState
from double_support import (
    ACCOUNT,
    API_VERSION,
    DEPLOYMENT,
    GROUP,
    JOB,
    REFERENCE,
    TRAINING_FILE,
    account_path,
    http_client,
)

from labverify.double.server import AzureDouble

ARM_API = "2025-09-01"

# Documented enums (Azure specs / SDK models), written out here rather than taken from the
# double so that the test does not check the double against itself.
ACCOUNT_STATES = {state.value for state in ProvisioningState}
DEPLOYMENT_STATES = {state.value for state in DeploymentProvisioningState}
PRINCIPAL_TYPES = {kind.value for kind in PrincipalType}
JOB_STATES = {"pending", "running", "succeeded", "cancelled", "failed", "pausing", "paused",
              "resuming"}
FILE_STATES = {"pending", "running", "processed", "error", "deleted"}
EVENT_LEVELS, EVENT_TYPES = {"info", "warning", "error"}, {"message", "metrics"}
LIFECYCLE = {"preview", "generally-available"}
FINISH_REASONS = {"stop", "length", "content_filter", "tool_calls", "function_call"}
DATAPLANE_ERROR_CODES = {
    "conflict", "invalidPayload", "forbidden", "notFound", "unexpectedEntityState",
    "itemDoesAlreadyExist", "serviceUnavailable", "internalFailure", "quotaExceeded",
    "jsonlValidationFailed", "fileImportFailed", "tooManyRequests", "unauthorized",
    "contentFilter"}

# Maps whose keys are data, not schema.
FREE_MAPS = {"tags", "metrics", "data", "endpoints"}

# Fields of the same resources that the examples happen to leave out (spec / SDK model fields).
ACCOUNT_EXTRAS = {"properties.internalId", "properties.dateCreated", "properties.isMigrated",
                  "properties.customSubDomainName", "properties.publicNetworkAccess",
                  "properties.networkAcls", "properties.capabilities", "properties.endpoints",
                  "properties.deletionDate", "properties.scheduledPurgeDate", "systemData"}
DEPLOYMENT_EXTRAS = {"properties.versionUpgradeOption", "properties.currentCapacity",
                     "properties.raiPolicyName", "properties.capabilities",
                     "properties.rateLimits", "systemData", "etag"}
ROLE_EXTRAS = {f"properties.{name}" for name in (
    "condition", "conditionVersion", "createdOn", "updatedOn", "createdBy", "updatedBy",
    "delegatedManagedIdentityResourceId", "description")}
JOB_EXTRAS = {"validation_file", "seed", "suffix", "estimated_finish", "error", "result_files",
              "fine_tuned_model", "finished_at", "trained_tokens",
              "hyperparameters.batch_size", "hyperparameters.learning_rate_multiplier"}
CHAT_EXTRAS = {"object", "model", "system_fingerprint", "prompt_filter_results",
               "choices[].logprobs", "choices[].content_filter_results",
               "choices[].message.refusal"}


def _in_list(prefix: str, names: set[str]) -> set[str]:
    return {f"{prefix}{name}" for name in names}


def shape_problems(example: Any, actual: Any, extras: set[str], path: str = "") -> list[str]:
    where = path or "(body)"
    if isinstance(example, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object"]
        problems = [f"{path}{'.' if path else ''}{key}: missing" for key in example
                    if key not in actual]
        for key in actual:
            dotted = f"{path}{'.' if path else ''}{key}"
            if key not in example and dotted not in extras:
                problems.append(f"{dotted}: not in the example and not a documented extra")
        for key in example:
            if key in actual and key not in FREE_MAPS:
                dotted = f"{path}{'.' if path else ''}{key}"
                problems += shape_problems(example[key], actual[key], extras, dotted)
        return problems
    if isinstance(example, list):
        if not isinstance(actual, list):
            return [f"{where}: expected an array"]
        if not example or not actual:
            return []
        if all(isinstance(item, dict) for item in example):
            # Keys every example item has are required; keys some have are allowed.
            template: dict[str, Any] = {}
            for item in example:
                for key, value in item.items():
                    template.setdefault(key, value)
            required = set.intersection(*(set(item) for item in example))
            optional = {f"{path}[].{key}" for key in template if key not in required}
            problems = []
            for item in actual:
                trimmed = {key: value for key, value in template.items()
                           if key in required or key in item}
                problems += shape_problems(trimmed, item, extras | optional, f"{path}[]")
            return sorted(set(problems))
        return []
    if example is None or actual is None:
        return []
    kinds = (bool, str, (int, float))
    for kind in kinds:
        if isinstance(example, kind):
            same = isinstance(actual, kind) and (kind is bool or not isinstance(actual, bool))
            return [] if same else [f"{where}: {actual!r} is not like {example!r}"]
    return []


def _example(name: str) -> dict[str, Any]:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


def _all(body: Any, key: str) -> list[Any]:
    """Every value of ``key`` anywhere in the body."""
    found = []
    if isinstance(body, dict):
        for name, value in body.items():
            if name == key and not isinstance(value, dict | list):
                found.append(value)
            found += _all(value, key)
    elif isinstance(body, list):
        for item in body:
            found += _all(item, key)
    return found


@dataclass
class Case:
    example: str
    status: str
    method: str
    target: Callable[[AzureDouble], str]
    extras: set[str] = field(default_factory=set)
    enums: dict[str, set[str]] = field(default_factory=dict)
    arm: bool = True
    prepare: Callable[[AzureDouble, httpx2.Client], None] | None = None
    payload: dict[str, Any] | None = None
    files: dict[str, Any] | None = None


def _arm(*tail: str) -> Callable[[AzureDouble], str]:
    return lambda double: double.arm_url + account_path(double.world, *tail)


def _sub(*tail: str) -> Callable[[AzureDouble], str]:
    return lambda double: "/".join(
        [f"{double.arm_url}/subscriptions/{double.world.subscription_id}", *tail])


def _dp(tail: str) -> Callable[[AzureDouble], str]:
    return lambda double: f"{double.dataplane_url(ACCOUNT)}/openai/{tail}"


def _delete_account(double: AzureDouble, http: httpx2.Client) -> None:
    url = double.arm_url + account_path(double.world)
    accepted = http.delete(url, params={"api-version": ARM_API}, headers=_headers(True))
    http.get(accepted.headers["azure-asyncoperation"], headers=_headers(True))


def _create_job(double: AzureDouble, http: httpx2.Client) -> None:
    http.post(_dp("fine_tuning/jobs")(double), params={"api-version": API_VERSION},
              headers=_headers(False),
              json={"model": "gpt-4o-mini-2024-07-18", "training_file": TRAINING_FILE})


def _headers(arm: bool) -> dict[str, str]:
    return {"Authorization": "Bearer t"} if arm else {"api-key": "k"}


DEPLOYMENT_BODY = {"sku": {"name": "standard", "capacity": 1},
                   "properties": {"model": {"format": "OpenAI", "version": "1",
                                            "name": "gpt-4o-mini-2024-07-18.ft-"
                                                    "5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74"}}}
NEW_JOB = "ftjob-"  # resolved at run time from the jobs list

CASES: dict[str, Case] = {
    "accounts.get": Case("cognitiveservices_accounts_get_2025-09-01.json", "200", "GET", _arm(),
                         ACCOUNT_EXTRAS, {"provisioningState": ACCOUNT_STATES}),
    "accounts.list_by_resource_group": Case(
        "cognitiveservices_accounts_listbyresourcegroup_2024-10-01.json", "200", "GET",
        lambda d: f"{d.arm_url}/subscriptions/{d.world.subscription_id}/resourceGroups/{GROUP}"
                  "/providers/Microsoft.CognitiveServices/accounts",
        _in_list("value[].", ACCOUNT_EXTRAS), {"provisioningState": ACCOUNT_STATES}),
    "accounts.list_keys": Case("cognitiveservices_accounts_listkeys_2025-09-01.json", "200",
                               "POST", _arm("listKeys")),
    "accounts.delete": Case("cognitiveservices_accounts_delete_2025-09-01.json", "202", "DELETE",
                            _arm()),
    "deleted_accounts.list": Case(
        "cognitiveservices_deletedaccounts_list_2023-05-01.json", "200", "GET",
        _sub("providers/Microsoft.CognitiveServices/deletedAccounts"),
        _in_list("value[].", ACCOUNT_EXTRAS), {"provisioningState": ACCOUNT_STATES},
        prepare=_delete_account),
    "deleted_accounts.get": Case(
        "cognitiveservices_deletedaccounts_get_2025-09-01.json", "200", "GET",
        _sub("providers/Microsoft.CognitiveServices/locations/northcentralus/resourceGroups",
             GROUP, "deletedAccounts", ACCOUNT),
        ACCOUNT_EXTRAS, {"provisioningState": ACCOUNT_STATES}, prepare=_delete_account),
    "deployments.list": Case("cognitiveservices_deployments_list_2024-10-01.json", "200", "GET",
                             _arm("deployments"), _in_list("value[].", DEPLOYMENT_EXTRAS),
                             {"provisioningState": DEPLOYMENT_STATES}),
    "deployments.get": Case("cognitiveservices_deployments_get_2025-09-01.json", "200", "GET",
                            _arm("deployments", DEPLOYMENT), DEPLOYMENT_EXTRAS,
                            {"provisioningState": DEPLOYMENT_STATES}),
    "deployments.create_or_update": Case(
        "cognitiveservices_deployments_createorupdate_2024-10-01.json", "201", "PUT",
        _arm("deployments", "second"), DEPLOYMENT_EXTRAS,
        {"provisioningState": DEPLOYMENT_STATES}, payload=DEPLOYMENT_BODY),
    "deployments.delete": Case("cognitiveservices_deployments_delete_2025-09-01.json", "202",
                               "DELETE", _arm("deployments", DEPLOYMENT)),
    "role_assignments.list_for_scope": Case(
        "authorization_roleassignments_listforscope_2022-04-01.json", "200", "GET",
        _arm("providers/Microsoft.Authorization/roleAssignments"),
        _in_list("value[].", ROLE_EXTRAS), {"principalType": PRINCIPAL_TYPES}),
    "files.list": Case("files_list_2024-10-21.json", "200", "GET", _dp("files"), {"has_more"},
                       {"status": FILE_STATES}, arm=False),
    "files.retrieve": Case("files_get_2024-10-21.json", "200", "GET", _dp(f"files/{TRAINING_FILE}"),
                           enums={"status": FILE_STATES}, arm=False),
    "files.create": Case("files_upload_2024-10-21.json", "201", "POST", _dp("files"), {"bytes"},
                         {"status": FILE_STATES}, arm=False,
                         files={"purpose": (None, "fine-tune"),
                                "file": ("puppy.jsonl", b'{"messages": []}\n')}),
    "files.delete": Case("files_delete_2024-10-21.json", "200", "DELETE",
                         _dp(f"files/{TRAINING_FILE}"), arm=False),
    "jobs.list": Case("finetuning_jobs_list_2024-10-21.json", "200", "GET", _dp("fine_tuning/jobs"),
                      _in_list("data[].", JOB_EXTRAS), {"status": JOB_STATES}, arm=False),
    "jobs.retrieve": Case("finetuning_jobs_get_2024-10-21.json", "200", "GET",
                          _dp(f"fine_tuning/jobs/{JOB}"), JOB_EXTRAS, {"status": JOB_STATES},
                          arm=False),
    "jobs.create": Case("finetuning_jobs_create_2024-10-21.json", "201", "POST",
                        _dp("fine_tuning/jobs"), JOB_EXTRAS, {"status": JOB_STATES}, arm=False,
                        payload={"model": "gpt-4o-mini-2024-07-18",
                                 "training_file": TRAINING_FILE}),
    "jobs.cancel": Case("finetuning_jobs_cancel_2024-10-21.json", "200", "POST",
                        _dp(f"fine_tuning/jobs/{NEW_JOB}/cancel"), JOB_EXTRAS,
                        {"status": JOB_STATES}, arm=False, prepare=_create_job),
    "jobs.list_events": Case("finetuning_jobs_events_2024-10-21.json", "200", "GET",
                             _dp(f"fine_tuning/jobs/{JOB}/events"), {"data[].data"},
                             {"level": EVENT_LEVELS, "type": EVENT_TYPES}, arm=False),
    "jobs.checkpoints": Case("finetuning_jobs_checkpoints_2024-10-21.json", "200", "GET",
                             _dp(f"fine_tuning/jobs/{JOB}/checkpoints"), arm=False),
    "chat.create": Case("chat_completions_2024-10-21.json", "200", "POST",
                        _dp(f"deployments/{DEPLOYMENT}/chat/completions"), CHAT_EXTRAS,
                        {"finish_reason": FINISH_REASONS}, arm=False,
                        payload={"messages": [{"role": "user", "content": "What is AI?"}]}),
    "models.list": Case("models_list_2024-10-21.json", "200", "GET", _dp("models"),
                        enums={"lifecycle_status": LIFECYCLE, "status": JOB_STATES}, arm=False),
    "models.retrieve": Case("models_get_finetuned_2024-10-21.json", "200", "GET",
                            _dp("models/gpt-4o-mini-2024-07-18.ft-"
                                "5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74"),
                            enums={"lifecycle_status": LIFECYCLE}, arm=False),
}


@pytest.mark.parametrize("operation", sorted(CASES))
def test_response_matches_the_example(double: AzureDouble, operation: str) -> None:
    case = CASES[operation]
    expected = _example(case.example)["responses"][case.status]
    with http_client(double) as http:
        if case.prepare is not None:
            case.prepare(double, http)
        url = case.target(double)
        if NEW_JOB + "/" in url:
            newest = http.get(_dp("fine_tuning/jobs")(double), params={"api-version": API_VERSION},
                              headers=_headers(False)).json()["data"][0]["id"]
            url = url.replace(NEW_JOB + "/", newest + "/")
        answer = http.request(case.method, url,
                              params={"api-version": ARM_API if case.arm else API_VERSION},
                              headers=_headers(case.arm), json=case.payload, files=case.files)
    assert answer.status_code == int(case.status), answer.text
    for header in expected.get("headers", {}):
        assert header in answer.headers, f"{header} missing"
    if "body" not in expected:
        assert answer.content == b""
        return
    body = answer.json()
    assert shape_problems(expected["body"], body, case.extras) == []
    for key, allowed in case.enums.items():
        values = _all(body, key)
        assert values, f"no {key} in the body"
        assert set(values) <= allowed, f"{key}: {set(values) - allowed}"


def _error_cases(double: AzureDouble) -> list[tuple[str, str, dict[str, str], str]]:
    sub = f"{double.arm_url}/subscriptions/{double.world.subscription_id}"
    bearer = _headers(True)
    return [
        ("GET", f"{double.arm_url}{account_path(double.world)}x", bearer, "ResourceNotFound"),
        ("GET", f"{sub}/resourceGroups/Other/providers/Microsoft.CognitiveServices/accounts",
         bearer, "ResourceGroupNotFound"),
        ("GET", f"{double.arm_url}/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
                "Microsoft.CognitiveServices/deletedAccounts", bearer, "SubscriptionNotFound"),
        ("GET", f"{double.arm_url}{account_path(double.world)}", {}, "AuthenticationFailed"),
    ]


def test_arm_errors_have_the_documented_shape(double: AzureDouble) -> None:
    observed = _example("resources_resourcegroups_get_404_observed.json")
    with http_client(double) as http:
        for method, url, headers, code in _error_cases(double):
            answer = http.request(method, url, params={"api-version": ARM_API}, headers=headers)
            body = answer.json()
            assert shape_problems(observed["body"], body, set()) == []
            assert body["error"]["code"] == code
            assert answer.headers["content-type"] == "application/json; charset=utf-8"
        group = http.get(f"{double.arm_url}/subscriptions/{double.world.subscription_id}/"
                         f"resourceGroups/Other/providers/Microsoft.CognitiveServices/accounts",
                         params={"api-version": ARM_API}, headers=_headers(True))
    assert group.status_code == observed["status"]


def test_resource_group_matches_the_schema_derived_shape(double: AzureDouble) -> None:
    derived = _example("resources_resourcegroups_get_SCHEMA_DERIVED_NOT_OFFICIAL.json")
    with http_client(double) as http:
        answer = http.get(f"{double.arm_url}/subscriptions/{double.world.subscription_id}/"
                          f"resourcegroups/{GROUP}", params={"api-version": "2024-03-01"},
                          headers=_headers(True))
    assert shape_problems(derived["responses"]["200"]["body"], answer.json(), set()) == []


def test_dataplane_errors_have_the_documented_shape(double: AzureDouble) -> None:
    base = f"{double.dataplane_url(ACCOUNT)}/openai"
    shape = {"error": {"code": "notFound", "message": "x"}}
    with http_client(double) as http:
        answers = [
            http.get(f"{base}/files/file-missing", params={"api-version": API_VERSION},
                     headers=_headers(False)),
            http.get(f"{base}/files", params={"api-version": API_VERSION}),
            http.post(f"{base}/fine_tuning/jobs", params={"api-version": API_VERSION},
                      headers=_headers(False), json={"model": "m"}),
            http.post(f"{base}/fine_tuning/jobs/{JOB}/cancel",
                      params={"api-version": API_VERSION}, headers=_headers(False)),
        ]
        deployment = http.post(f"{base}/deployments/none/chat/completions",
                               params={"api-version": API_VERSION}, headers=_headers(False),
                               json={"messages": [{"role": "user", "content": "hi"}]})
    for answer in answers:
        body = answer.json()
        assert shape_problems(shape, body, set()) == []
        assert body["error"]["code"] in DATAPLANE_ERROR_CODES
    # Inference errors use Azure's own code, as the service sends it.
    assert deployment.json()["error"]["code"] == "DeploymentNotFound"
    assert shape_problems(shape, deployment.json(), set()) == []


def test_the_shape_check_catches_differences() -> None:
    example = {"id": "x", "properties": {"state": "Succeeded"}, "value": [{"a": 1}, {"a": 2}]}
    assert shape_problems(example, {"id": "y", "properties": {"state": "Failed"},
                                    "value": [{"a": 3}]}, set()) == []
    assert shape_problems(example, {"properties": {"state": 1}, "value": [{"b": 1}],
                                    "extra": True}, set()) == [
        "id: missing", "extra: not in the example and not a documented extra",
        "properties.state: 1 is not like 'Succeeded'",
        "value[].a: missing", "value[].b: not in the example and not a documented extra"]
    assert shape_problems(example, {"id": "y", "properties": {"state": "s"}, "value": [],
                                    "extra": 1}, {"extra"}) == []
