"""Which operation a request is: method + path patterns, named by stable operation ids.

The ids name operations in world files (``[[faults]] operation``) and in the request log, so they
are part of the world-file format: renaming one breaks worlds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_SEG = r"[^/]+"
_SUB = rf"/subscriptions/(?P<subscription>{_SEG})"
_RG = rf"{_SUB}/resourceGroups/(?P<resource_group>{_SEG})"
_CS = r"/providers/Microsoft\.CognitiveServices"
_ACCOUNT = rf"{_RG}{_CS}/accounts/(?P<account>{_SEG})"
_DEPLOYMENT = rf"{_ACCOUNT}/deployments/(?P<deployment>{_SEG})"
_LOCATION = rf"{_SUB}{_CS}/locations/(?P<location>{_SEG})"

# ARM paths are case-insensitive (the SDKs and the portal send resourceGroups, resourcegroups...).
ARM_ROUTES: tuple[tuple[str, str, str], ...] = (
    ("GET", rf"{_SUB}/resourcegroups/(?P<resource_group>{_SEG})", "resource_groups.get"),
    ("GET", rf"{_SUB}{_CS}/accounts", "accounts.list"),
    ("GET", rf"{_RG}{_CS}/accounts", "accounts.list_by_resource_group"),
    ("GET", _ACCOUNT, "accounts.get"),
    ("DELETE", _ACCOUNT, "accounts.delete"),
    ("POST", rf"{_ACCOUNT}/listKeys", "accounts.list_keys"),
    ("GET", rf"{_ACCOUNT}/deployments", "deployments.list"),
    ("GET", _DEPLOYMENT, "deployments.get"),
    ("PUT", _DEPLOYMENT, "deployments.create_or_update"),
    ("DELETE", _DEPLOYMENT, "deployments.delete"),
    ("GET", rf"{_SUB}{_CS}/deletedAccounts", "deleted_accounts.list"),
    ("GET", rf"{_LOCATION}/resourceGroups/(?P<resource_group>{_SEG})/deletedAccounts/"
            rf"(?P<account>{_SEG})", "deleted_accounts.get"),
    ("GET", rf"{_LOCATION}/operationResults/(?P<operation>{_SEG})", "operation_results.get"),
    ("GET", r"(?P<scope>(?:/[^/]+)*?)/providers/Microsoft\.Authorization/roleAssignments",
     "role_assignments.list_for_scope"),
)

_JOB = rf"/openai/fine_tuning/jobs/(?P<job>{_SEG})"
# Data-plane paths are case-sensitive, as Azure OpenAI's are.
DATAPLANE_ROUTES: tuple[tuple[str, str, str], ...] = (
    ("GET", r"/openai/files", "files.list"),
    ("POST", r"/openai/files", "files.create"),
    ("GET", rf"/openai/files/(?P<file>{_SEG})", "files.retrieve"),
    ("DELETE", rf"/openai/files/(?P<file>{_SEG})", "files.delete"),
    ("GET", r"/openai/fine_tuning/jobs", "jobs.list"),
    ("POST", r"/openai/fine_tuning/jobs", "jobs.create"),
    ("GET", _JOB, "jobs.retrieve"),
    ("POST", rf"{_JOB}/cancel", "jobs.cancel"),
    ("GET", rf"{_JOB}/events", "jobs.list_events"),
    ("GET", rf"{_JOB}/checkpoints", "jobs.checkpoints"),
    ("POST", rf"/openai/deployments/(?P<deployment>{_SEG})/chat/completions", "chat.create"),
    ("GET", r"/openai/models", "models.list"),
    ("GET", rf"/openai/models/(?P<model>{_SEG})", "models.retrieve"),
)

ARM_OPERATIONS = tuple(dict.fromkeys(op for _, _, op in ARM_ROUTES))
DATAPLANE_OPERATIONS = tuple(dict.fromkeys(op for _, _, op in DATAPLANE_ROUTES))
OPERATION_IDS = ARM_OPERATIONS + DATAPLANE_OPERATIONS


@dataclass(frozen=True)
class Match:
    operation: str
    params: dict[str, str]


class Router:
    def __init__(self, routes: tuple[tuple[str, str, str], ...], *, ignore_case: bool) -> None:
        flags = re.IGNORECASE if ignore_case else 0
        self._routes = [(method, re.compile(f"^{pattern}$", flags), op)
                        for method, pattern, op in routes]

    def match(self, method: str, path: str) -> Match | None:
        # The authorization SDK formats "/{scope}/providers/..." and callers pass scopes that
        # already start with "/", so the path may begin with "//".
        path = "/" + path.lstrip("/")
        for route_method, pattern, op in self._routes:
            if route_method != method:
                continue
            found = pattern.match(path)
            if found:
                params = {key: unquote(value) for key, value in found.groupdict().items()
                          if value is not None}
                return Match(op, params)
        return None


ARM_ROUTER = Router(ARM_ROUTES, ignore_case=True)
DATAPLANE_ROUTER = Router(DATAPLANE_ROUTES, ignore_case=False)
