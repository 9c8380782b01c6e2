"""Task 2: the four role assignments, matched by built-in role GUID and scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue import hint, message
from ..config import LabConfig, Role
from ..verdicts import LabFail


@dataclass(frozen=True)
class Grant:
    role_guid: str
    scope: str
    kind: str  # account, resource_group, subscription, management_group, other


def scope_kind(scope: str, account_id: str, subscription_id: str) -> str:
    s = scope.rstrip("/").lower()
    if s == account_id.rstrip("/").lower():
        return "account"
    if s == f"/subscriptions/{subscription_id}".lower():
        return "subscription"
    parts = s.split("/")
    if len(parts) == 5 and parts[1] == "subscriptions" and parts[3] == "resourcegroups":
        return "resource_group"
    if s.startswith("/providers/microsoft.management/managementgroups/") or s == "":
        return "management_group"
    return "other"


def grants(assignments: list[Any], principal_id: str, account_id: str,
           subscription_id: str) -> list[Grant]:
    out = []
    for assignment in assignments:
        if (assignment.principal_id or "").lower() != principal_id.lower():
            continue
        guid = (assignment.role_definition_id or "").rstrip("/").rsplit("/", 1)[-1].lower()
        scope = assignment.scope or ""
        out.append(Grant(guid, scope, scope_kind(scope, account_id, subscription_id)))
    return out


# A role granted at one of these kinds covers a wanted scope, from narrowest to broadest.
_BROADER = {
    "account": ("resource_group", "subscription", "management_group"),
    "subscription": ("management_group",),
}


def check_role(role: Role, found: list[Grant], *, account_name: str,
               config: LabConfig) -> dict[str, Any]:
    mine = [g for g in found if g.role_guid == role.guid.lower()]
    to_do = hint(f"roles.{role.scope}", account=account_name, role=role.name)
    evidence = {"role": role.name, "role_guid": role.guid, "expected_scope": role.scope,
                "found_scopes": sorted(g.scope for g in mine)}
    if any(g.kind == role.scope for g in mine):
        return evidence
    broader = [g for g in mine if g.kind in _BROADER[role.scope]]
    if broader:
        where = broader[0].kind.replace("_", " ")
        if config.grading.broader_role_scope == "pass":
            return {**evidence, "note": f"granted at the broader {where} scope"}
        # One sentence per wanted scope and broader kind, so each language words both.
        raise LabFail(message(f"roles.{role.scope}.at_{broader[0].kind}", role=role.name,
                              scope=broader[0].scope),
                      hint=to_do, evidence=evidence)
    if mine:
        raise LabFail(message(f"roles.{role.scope}.elsewhere", role=role.name,
                              scope=mine[0].scope),
                      hint=to_do, evidence=evidence)
    raise LabFail(message("roles.not_assigned", role=role.name), hint=to_do, evidence=evidence)
