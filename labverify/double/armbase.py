"""What every ARM handler shares: subscription/resource-group checks, paging, long-running
operation headers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .errorbodies import arm_group_not_found, arm_subscription_not_found
from .state import Operation, State
from .wire import Request, Response, json_response

_SKIP_TOKEN = "$skipToken"


def check_subscription(state: State, subscription: str) -> Response | None:
    if subscription.lower() != state.world.subscription_id.lower():
        return arm_subscription_not_found(subscription)
    return None


def check_group(state: State, params: dict[str, str]) -> Response | None:
    """The subscription, then the resource group: the world has exactly one group."""
    refused = check_subscription(state, params["subscription"])
    if refused is not None:
        return refused
    group = state.world.resource_group
    name = params["resource_group"]
    if name.lower() != group.name.lower() or not group.exists:
        return arm_group_not_found(name)
    return None


def page(state: State, request: Request, items: list[dict[str, Any]]) -> Response:
    """ARM list paging: ``value`` plus a ``nextLink`` back to this double while more remain."""
    size = state.world.arm_page_size
    token = request.param(_SKIP_TOKEN, ignore_case=True) or "0"
    start = int(token) if token.isdigit() else 0
    body: dict[str, Any] = {"value": items[start:start + size]}
    if start + size < len(items):
        query = [(key, values[0]) for key, values in request.query.items()
                 if key.lower() != _SKIP_TOKEN.lower() and values]
        query.append((_SKIP_TOKEN, str(start + size)))
        body["nextLink"] = f"{request.base_url}{request.path}?{urlencode(query)}"
    return json_response(200, body)


def operation_url(state: State, request: Request, operation: Operation, *,
                  location: bool = False) -> str:
    api_version = request.param("api-version", ignore_case=True) or ""
    query = [("api-version", api_version)]
    if location:
        query.append(("operationResultResponseType", "Location"))
    return (f"{request.base_url}/subscriptions/{state.world.subscription_id}/providers/"
            f"Microsoft.CognitiveServices/locations/{operation.location}/operationResults/"
            f"{operation.id}?{urlencode(query)}")


def operation_headers(state: State, request: Request, operation: Operation,
                      ) -> list[tuple[str, str]]:
    # No Retry-After: azure-core would sleep that long between polls, even in replay.
    return [("Azure-AsyncOperation", operation_url(state, request, operation)),
            ("Location", operation_url(state, request, operation, location=True))]
