"""ARM operations of Microsoft.CognitiveServices: accounts, deleted accounts, deployments, and
the status of their long-running operations."""

from __future__ import annotations

from typing import Any

from .armbase import check_group, check_subscription, operation_headers, page
from .errorbodies import arm_error, arm_resource_not_found
from .state import Handler, State
from .wire import Request, Response, digest_guid, empty_response, iso_time, json_response
from .world import PURGE_DELAY, Account, Deployment

ACCOUNT_TYPE = "Microsoft.CognitiveServices/accounts"
DEPLOYMENT_TYPE = "Microsoft.CognitiveServices/accounts/deployments"


# -- bodies -------------------------------------------------------------------------------------

def account_body(state: State, account: Account, *, deleted: bool = False) -> dict[str, Any]:
    world = state.world
    subdomain = account.host.split(".")[0]
    endpoint = account.endpoint
    if deleted:
        resource_id = (f"/subscriptions/{world.subscription_id}/providers/"
                       f"Microsoft.CognitiveServices/locations/{account.location}/resourceGroups/"
                       f"{world.resource_group.name}/deletedAccounts/{account.name}")
    else:
        resource_id = state.account_id(account)
    properties: dict[str, Any] = {
        "endpoint": endpoint,
        "provisioningState": account.provisioning_state,
        "internalId": digest_guid(world.digest, "internal", account.name.lower()).replace("-", ""),
        "dateCreated": iso_time(account.created),
        "customSubDomainName": subdomain,
        "publicNetworkAccess": "Enabled",
        "networkAcls": {"defaultAction": "Allow", "virtualNetworkRules": [], "ipRules": []},
        "isMigrated": False,
        "capabilities": [
            {"name": "VirtualNetworks"}, {"name": "CustomerManagedKey"},
            {"name": "MaxFineTuneCount", "value": "100"},
            {"name": "MaxRunningFineTuneCount", "value": "1"},
            {"name": "MaxUserFileCount", "value": "50"},
            {"name": "MaxTrainingFileSize", "value": "512000000"},
            {"name": "MaxFineTuneJobDurationInHours", "value": "720"},
        ],
        "endpoints": {
            "OpenAI Language Model Instance API": endpoint,
            "OpenAI Dall-E API": endpoint,
            "OpenAI Whisper API": endpoint,
            "OpenAI Model Scaleset API": endpoint,
            "Token Service API": f"https://{subdomain}.cognitiveservices.azure.com/",
        },
    }
    if deleted and account.deleted_at is not None:
        properties["deletionDate"] = iso_time(account.deleted_at)
        properties["scheduledPurgeDate"] = iso_time(account.deleted_at + PURGE_DELAY)
    return {
        "id": resource_id,
        "name": account.name,
        "type": ACCOUNT_TYPE,
        "location": account.location,
        "sku": {"name": account.sku},
        "kind": account.kind,
        "tags": dict(account.tags),
        "etag": f'"{digest_guid(world.digest, "etag", account.name.lower())}"',
        "properties": properties,
        "systemData": _system_data(state, account.created),
    }


def deployment_body(state: State, deployment: Deployment) -> dict[str, Any]:
    account = state.live_account(deployment.account) or state.world.account(deployment.account)
    assert account is not None
    etag = digest_guid(state.world.digest, "etag", deployment.account.lower(),
                       deployment.name.lower(), deployment.model, deployment.provisioning_state)
    return {
        "id": f"{state.account_id(account)}/deployments/{deployment.name}",
        "name": deployment.name,
        "type": DEPLOYMENT_TYPE,
        "sku": {"name": deployment.sku_name, "capacity": deployment.capacity},
        "properties": {
            "model": {"format": deployment.model_format, "name": deployment.model,
                      "version": deployment.model_version},
            "provisioningState": deployment.provisioning_state,
            "versionUpgradeOption": "NoAutoUpgrade",
            "currentCapacity": deployment.capacity,
            "raiPolicyName": "Microsoft.DefaultV2",
            "capabilities": {"chatCompletion": "true", "area": "US"},
            "rateLimits": [
                {"key": "request", "renewalPeriod": 10, "count": deployment.capacity},
                {"key": "token", "renewalPeriod": 60, "count": deployment.capacity * 1000},
            ],
        },
        "systemData": _system_data(state, deployment.created),
        "etag": f'"{etag}"',
    }


def _system_data(state: State, created: Any) -> dict[str, Any]:
    return {"createdBy": state.world.principal_id, "createdByType": "User",
            "createdAt": iso_time(created), "lastModifiedBy": state.world.principal_id,
            "lastModifiedByType": "User", "lastModifiedAt": iso_time(created)}


# -- helpers ------------------------------------------------------------------------------------

def _account_or_404(state: State, params: dict[str, str]) -> Account | Response:
    refused = check_group(state, params)
    if refused is not None:
        return refused
    account = state.live_account(params["account"])
    if account is None:
        return arm_resource_not_found(ACCOUNT_TYPE, params["account"],
                                      params["resource_group"])
    return account


# -- handlers -----------------------------------------------------------------------------------

def resource_group_get(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_group(state, params)
    if refused is not None:
        return refused
    group = state.world.resource_group
    return json_response(200, {
        "id": f"/subscriptions/{state.world.subscription_id}/resourceGroups/{group.name}",
        "name": group.name, "type": "Microsoft.Resources/resourceGroups",
        "location": group.location, "tags": {},
        "properties": {"provisioningState": "Succeeded"}})


def accounts_list(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_subscription(state, params["subscription"])
    if refused is not None:
        return refused
    if not state.world.resource_group.exists:
        return page(state, request, [])
    return page(state, request, [account_body(state, a) for a in state.world.accounts
                                 if not a.deleted])


def accounts_list_by_group(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_group(state, params)
    if refused is not None:
        return refused
    return page(state, request, [account_body(state, a) for a in state.world.accounts
                                 if not a.deleted])


def accounts_get(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    return json_response(200, account_body(state, found))


def accounts_list_keys(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    return json_response(200, {"key1": found.key1, "key2": found.key2})


def accounts_delete(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_group(state, params)
    if refused is not None:
        return refused
    account = state.live_account(params["account"])
    if account is None:
        return empty_response(204)  # ARM deletes are idempotent
    account.provisioning_state = "Deleting"
    operation = state.start_operation("account.delete", account)
    return empty_response(202, operation_headers(state, request, operation))


def deleted_accounts_list(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_subscription(state, params["subscription"])
    if refused is not None:
        return refused
    return page(state, request, [account_body(state, a, deleted=True)
                                 for a in state.world.accounts if a.deleted])


def deleted_accounts_get(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_subscription(state, params["subscription"])
    if refused is not None:
        return refused
    account = state.deleted_account(params["account"])
    group = state.world.resource_group
    if (account is None or params["location"].lower() != account.location.lower()
            or params["resource_group"].lower() != group.name.lower()):
        return arm_resource_not_found("Microsoft.CognitiveServices/locations/resourceGroups/"
                                      "deletedAccounts", params["account"],
                                      params["resource_group"])
    return json_response(200, account_body(state, account, deleted=True))


def deployments_list(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    return page(state, request, [deployment_body(state, d)
                                 for d in state.deployments_of(found.name)])


def deployments_get(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    deployment = state.deployment(found.name, params["deployment"])
    if deployment is None:
        return arm_resource_not_found(f"{ACCOUNT_TYPE}/{found.name}/deployments",
                                      params["deployment"], params["resource_group"])
    key = f"{found.name}/{deployment.name}".lower()
    state.deployment_gets[key] += 1
    if deployment.progress:
        steps = deployment.progress
        deployment.provisioning_state = steps[min(state.deployment_gets[key] - 1, len(steps) - 1)]
    return json_response(200, deployment_body(state, deployment))


def deployments_put(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    body = request.json()
    model = (body or {}).get("properties", {}).get("model") if isinstance(body, dict) else None
    sku = body.get("sku") if isinstance(body, dict) else None
    if not isinstance(model, dict) or not model.get("name") or not model.get("format"):
        return arm_error(400, "InvalidResourceProperties",
                         "The deployment needs properties.model with a format and a name.")
    if not isinstance(sku, dict) or not sku.get("name"):
        return arm_error(400, "InvalidResourceProperties", "The deployment needs sku.name.")
    capacity = sku.get("capacity", 1)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        return arm_error(400, "InvalidResourceProperties",
                         "sku.capacity must be a positive integer.")
    existing = state.deployment(found.name, params["deployment"])
    if existing is not None:
        existing.model, existing.model_format = str(model["name"]), str(model["format"])
        existing.model_version = str(model.get("version") or existing.model_version)
        existing.sku_name, existing.capacity = str(sku["name"]), capacity
        existing.provisioning_state = "Succeeded"
        return json_response(200, deployment_body(state, existing))
    deployment = Deployment(
        account=found.name, name=params["deployment"], model=str(model["name"]),
        model_format=str(model["format"]), model_version=str(model.get("version") or "1"),
        sku_name=str(sku["name"]), capacity=capacity, provisioning_state="Creating",
        created=state.world.clock)
    state.world.deployments.append(deployment)
    operation = state.start_operation("deployment.create", found, deployment.name)
    headers = operation_headers(state, request, operation)[:1]
    return json_response(201, deployment_body(state, deployment), headers)


def deployments_delete(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _account_or_404(state, params)
    if isinstance(found, Response):
        return found
    deployment = state.deployment(found.name, params["deployment"])
    if deployment is None:
        return empty_response(204)
    deployment.provisioning_state = "Deleting"
    operation = state.start_operation("deployment.delete", found, deployment.name)
    return empty_response(202, operation_headers(state, request, operation))


def operation_results_get(state: State, request: Request, params: dict[str, str]) -> Response:
    refused = check_subscription(state, params["subscription"])
    if refused is not None:
        return refused
    operation = state.operations.get(params["operation"].lower())
    if operation is None or operation.location.lower() != params["location"].lower():
        return arm_error(404, "OperationNotFound",
                         f"The operation '{params['operation']}' could not be found.")
    state.poll(operation)
    if request.param("operationResultResponseType", ignore_case=True) == "Location":
        return empty_response(204 if operation.done else 202)
    world = state.world
    body: dict[str, Any] = {
        "id": (f"/subscriptions/{world.subscription_id}/providers/Microsoft.CognitiveServices/"
               f"locations/{operation.location}/operationResults/{operation.id}"),
        "name": operation.id,
        "status": "Succeeded" if operation.done else "InProgress",
        "startTime": iso_time(world.clock),
    }
    if operation.done:
        body["endTime"] = iso_time(world.clock)
    return json_response(200, body)


HANDLERS: dict[str, Handler] = {
    "resource_groups.get": resource_group_get,
    "accounts.list": accounts_list,
    "accounts.list_by_resource_group": accounts_list_by_group,
    "accounts.get": accounts_get,
    "accounts.list_keys": accounts_list_keys,
    "accounts.delete": accounts_delete,
    "deleted_accounts.list": deleted_accounts_list,
    "deleted_accounts.get": deleted_accounts_get,
    "deployments.list": deployments_list,
    "deployments.get": deployments_get,
    "deployments.create_or_update": deployments_put,
    "deployments.delete": deployments_delete,
    "operation_results.get": operation_results_get,
}
