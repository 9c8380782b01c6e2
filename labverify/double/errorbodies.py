"""Error responses in the two shapes Azure uses: ARM codes and the data plane's ErrorCode values."""

from __future__ import annotations

from .wire import Response, json_response

# What ARM puts in error.code for a status a fault asks for.
_ARM_CODES = {
    400: ("BadRequest", "The request is not valid."),
    401: ("AuthenticationFailed", "Authentication failed."),
    403: ("AuthorizationFailed", ""),  # message built per operation below
    404: ("ResourceNotFound", "The resource was not found."),
    408: ("RequestTimeout", "The request timed out."),
    409: ("Conflict", "The request conflicts with the current state of the resource."),
    429: ("TooManyRequests", "The request is being throttled as the limit has been reached for "
                             "operation type - Read_ObservationWindow_00:05:00. For more "
                             "information, refer to - https://aka.ms/srpthrottlinglimits"),
    500: ("InternalServerError", "Encountered internal server error. Please try again later."),
    502: ("BadGateway", "The gateway did not receive a valid response."),
    503: ("ServiceUnavailable", "The service is currently unavailable. Please try again later."),
    504: ("GatewayTimeout", "The gateway did not receive a response in time."),
}

# Azure OpenAI data-plane ErrorCode enum values (2024-10-21).
_DATAPLANE_CODES = {
    400: ("invalidPayload", "The request payload is invalid."),
    401: ("unauthorized", "Access denied due to missing or invalid credentials. Provide an "
                          "api-key header or an Authorization: Bearer token."),
    403: ("forbidden", "The principal lacks the required data action to perform this "
                       "operation."),
    404: ("notFound", "Resource not found."),
    409: ("conflict", "The request conflicts with the current state of the resource."),
    429: ("tooManyRequests", "Requests to the Azure OpenAI API have exceeded the rate limit of "
                             "your current pricing tier. Please retry after the number of "
                             "seconds given in Retry-After."),
    500: ("internalFailure", "The service encountered an internal error."),
    503: ("serviceUnavailable", "The service is temporarily unavailable."),
}

# The ARM action each operation needs; AuthorizationFailed messages name it as ARM does.
ARM_ACTIONS = {
    "resource_groups.get": "Microsoft.Resources/subscriptions/resourceGroups/read",
    "accounts.list": "Microsoft.CognitiveServices/accounts/read",
    "accounts.list_by_resource_group": "Microsoft.CognitiveServices/accounts/read",
    "accounts.get": "Microsoft.CognitiveServices/accounts/read",
    "accounts.delete": "Microsoft.CognitiveServices/accounts/delete",
    "accounts.list_keys": "Microsoft.CognitiveServices/accounts/listKeys/action",
    "deployments.list": "Microsoft.CognitiveServices/accounts/deployments/read",
    "deployments.get": "Microsoft.CognitiveServices/accounts/deployments/read",
    "deployments.create_or_update": "Microsoft.CognitiveServices/accounts/deployments/write",
    "deployments.delete": "Microsoft.CognitiveServices/accounts/deployments/delete",
    "deleted_accounts.list": "Microsoft.CognitiveServices/deletedAccounts/read",
    "deleted_accounts.get": "Microsoft.CognitiveServices/locations/resourceGroups/"
                            "deletedAccounts/read",
    "operation_results.get": "Microsoft.CognitiveServices/locations/operationResults/read",
    "role_assignments.list_for_scope": "Microsoft.Authorization/roleAssignments/read",
}


def arm_error(status: int, code: str, message: str,
              headers: list[tuple[str, str]] | None = None) -> Response:
    return json_response(status, {"error": {"code": code, "message": message}}, headers)


def dataplane_error(status: int, code: str, message: str,
                    headers: list[tuple[str, str]] | None = None) -> Response:
    return json_response(status, {"error": {"code": code, "message": message}}, headers)


def arm_status_error(status: int, operation: str, principal: str, scope: str,
                     headers: list[tuple[str, str]] | None = None) -> Response:
    code, message = _ARM_CODES.get(status, ("InternalServerError", f"HTTP {status}"))
    if status == 403:
        action = ARM_ACTIONS.get(operation, "Microsoft.CognitiveServices/*/read")
        message = (f"The client '{principal}' with object id '{principal}' does not have "
                   f"authorization to perform action '{action}' over scope '{scope}' or the "
                   "scope is invalid. If access was recently granted, please refresh your "
                   "credentials.")
    return arm_error(status, code, message, headers)


def dataplane_status_error(status: int, headers: list[tuple[str, str]] | None = None,
                           ) -> Response:
    fallback = ("internalFailure", f"HTTP {status}") if status >= 500 else (
        "invalidPayload", f"HTTP {status}")
    code, message = _DATAPLANE_CODES.get(status, fallback)
    return dataplane_error(status, code, message, headers)


def arm_unauthenticated(tenant: str) -> Response:
    challenge = (f'Bearer authorization_uri="https://login.microsoftonline.com/{tenant}", '
                 'error="invalid_token", error_description="The authentication failed '
                 "because of missing 'Authorization' header.\"")
    return arm_error(401, "AuthenticationFailed",
                     "Authentication failed. The 'Authorization' header is missing.",
                     [("WWW-Authenticate", challenge)])


def arm_not_found_path(path: str) -> Response:
    return arm_error(404, "NotFound", f"No HTTP resource was found that matches the request "
                                      f"URI '{path}'.")


def arm_resource_not_found(resource_type: str, name: str, group: str) -> Response:
    return arm_error(404, "ResourceNotFound",
                     f"The Resource '{resource_type}/{name}' under resource group '{group}' "
                     "was not found. For more details please go to "
                     "https://aka.ms/ARMResourceNotFoundFix")


def arm_group_not_found(group: str) -> Response:
    return arm_error(404, "ResourceGroupNotFound",
                     f"Resource group '{group}' could not be found.")


def arm_subscription_not_found(subscription: str) -> Response:
    return arm_error(404, "SubscriptionNotFound",
                     f"The subscription '{subscription}' could not be found.")


def arm_missing_api_version() -> Response:
    return arm_error(400, "MissingApiVersionParameter",
                     "The api-version query parameter (?api-version=) is required for all "
                     "requests.")
