"""Microsoft.Authorization role assignments, listed for a scope as ARM lists them."""

from __future__ import annotations

import re
from typing import Any

from .armbase import check_group, check_subscription, page
from .errorbodies import arm_error
from .state import Handler, State
from .wire import Request, Response, iso_time
from .world import RoleAssignment

_RG_SCOPE = re.compile(r"^/subscriptions/(?P<subscription>[^/]+)"
                       r"(?:/resourceGroups/(?P<resource_group>[^/]+))?", re.IGNORECASE)
_PRINCIPAL = re.compile(r"^principalId\s+eq\s+'(?P<id>[^']*)'$", re.IGNORECASE)
_ASSIGNED_TO = re.compile(r"^assignedTo\('(?P<id>[^']*)'\)$", re.IGNORECASE)
_AT_SCOPE = re.compile(r"^atScope\(\)$", re.IGNORECASE)


def assignment_body(state: State, assignment: RoleAssignment) -> dict[str, Any]:
    sub = state.world.subscription_id
    created = iso_time(assignment.created)
    return {
        "properties": {
            "roleDefinitionId": (f"/subscriptions/{sub}/providers/Microsoft.Authorization/"
                                 f"roleDefinitions/{assignment.role_guid}"),
            "principalId": assignment.principal_id,
            "principalType": assignment.principal_type,
            "scope": assignment.scope,
            "condition": None,
            "conditionVersion": None,
            "createdOn": created,
            "updatedOn": created,
            "createdBy": state.world.principal_id,
            "updatedBy": state.world.principal_id,
            "delegatedManagedIdentityResourceId": None,
            "description": None,
        },
        "id": f"{assignment.scope}/providers/Microsoft.Authorization/roleAssignments/"
              f"{assignment.name}",
        "type": "Microsoft.Authorization/roleAssignments",
        "name": assignment.name,
    }


def _parse_filter(text: str | None) -> tuple[bool, str | None] | None:
    """(atScope, principal) from a $filter, or None when the filter is not one ARM accepts."""
    if not text:
        return False, None
    at_scope, principal = False, None
    for clause in re.split(r"\s+and\s+", text.strip(), flags=re.IGNORECASE):
        if _AT_SCOPE.match(clause):
            at_scope = True
            continue
        found = _PRINCIPAL.match(clause) or _ASSIGNED_TO.match(clause)
        if found is None:
            return None
        principal = found.group("id").lower()
    return at_scope, principal


def _relation(assignment_scope: str, scope: str) -> str | None:
    """How an assignment's scope relates to the listed scope: at, above, below or unrelated."""
    own, asked = assignment_scope.lower().rstrip("/"), scope.lower().rstrip("/")
    if own == asked:
        return "at"
    if own == "" or asked.startswith(own + "/"):
        return "above"
    if asked == "" or own.startswith(asked + "/"):
        return "below"
    return None


def list_for_scope(state: State, request: Request, params: dict[str, str]) -> Response:
    scope = "/" + params["scope"].strip("/") if params["scope"].strip("/") else ""
    found = _RG_SCOPE.match(scope)
    if found is not None:
        parts = {key: value for key, value in found.groupdict().items() if value is not None}
        refused = (check_group(state, parts) if "resource_group" in parts
                   else check_subscription(state, parts["subscription"]))
        if refused is not None:
            return refused
    raw_filter = request.param("$filter", ignore_case=True)
    parsed = _parse_filter(raw_filter)
    if parsed is None:
        return arm_error(400, "UnsupportedQuery",
                         f"The filter '{raw_filter}' is not supported. Supported filters are "
                         "atScope(), principalId eq '{id}' and assignedTo('{id}').")
    at_scope, principal = parsed
    allowed = {"at", "above"} if at_scope else {"at", "above", "below"}
    # Assignments go with their resource: none survive under a missing group or a deleted
    # account.
    group = state.world.resource_group
    gone = [state.account_id(a).lower() for a in state.world.accounts if a.deleted]
    if not group.exists:
        gone.append(f"/subscriptions/{state.world.subscription_id}/resourceGroups/"
                    f"{group.name}".lower())
    chosen = []
    for assignment in state.world.role_assignments:
        own = assignment.scope.lower()
        if any(own == prefix or own.startswith(prefix + "/") for prefix in gone):
            continue
        if principal is not None and assignment.principal_id.lower() != principal:
            continue
        if _relation(assignment.scope, scope) in allowed:
            chosen.append(assignment_body(state, assignment))
    return page(state, request, chosen)


HANDLERS: dict[str, Handler] = {"role_assignments.list_for_scope": list_for_scope}
