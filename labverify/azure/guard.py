"""Read-only grading: every request that could change a student's Azure is refused in-process.

Grading reads. The only requests it may send besides GET and HEAD are the two POSTs that read:
ARM's ``listKeys`` (the keys task 3 compares) and the data plane's chat completion (task 9's one
question). Anything else, a PUT of a deployment, a DELETE of an account, an upload, a new
fine-tuning job, is refused before it reaches a socket, so a bug in a check can never change a
student's work. Carry-out mode builds its clients without these guards.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.policies import SansIOHTTPPolicy

from ..errors import LabverifyError

READ_METHODS = frozenset({"GET", "HEAD"})

# ARM paths are case-insensitive; the SDK sends resourceGroups, other tools resourcegroups.
ARM_ALLOWED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("POST", re.compile(r"^/+subscriptions/[^/]+/resourcegroups/[^/]+/providers/"
                        r"microsoft\.cognitiveservices/accounts/[^/]+/listkeys/?$",
                        re.IGNORECASE)),
)
# Data-plane paths are case-sensitive, as Azure OpenAI's are.
DATAPLANE_ALLOWED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("POST", re.compile(r"^/openai/deployments/[^/]+/chat/completions/?$")),
)


class ReadOnlyViolation(LabverifyError):
    """Grading tried to send a request that could change the student's subscription."""

    def __init__(self, method: str, url: str, plane: str) -> None:
        self.method = method.upper()
        self.path = urlsplit(url).path
        self.plane = plane
        super().__init__(
            f"refused {self.method} {self.path} ({plane}): grading is read-only and sends "
            "only GET and HEAD requests, listKeys and the task-9 chat completion; "
            "changing Azure is for carry-out mode (--carry-out)")


def allowed(method: str, url: str, rules: tuple[tuple[str, re.Pattern[str]], ...]) -> bool:
    method = method.upper()
    if method in READ_METHODS:
        return True
    path = urlsplit(url).path
    return any(method == rule_method and pattern.match(path) for rule_method, pattern in rules)


def arm_post_that_reads(method: str, url: str) -> bool:
    """An ARM POST on the allow-list above: it reads and changes nothing."""
    return method.upper() == "POST" and allowed(method, url, ARM_ALLOWED)


def check(method: str, url: str, *, plane: str) -> None:
    """Raise ReadOnlyViolation unless grading may send ``method url`` to ``plane``."""
    rules = ARM_ALLOWED if plane == "arm" else DATAPLANE_ALLOWED
    if not allowed(method, url, rules):
        raise ReadOnlyViolation(method, url, plane)


class ReadOnlyPolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """azure-core policy for the ARM clients; runs before the retry and transport policies."""

    def on_request(self, request: PipelineRequest) -> None:  # type: ignore[type-arg]
        http = request.http_request
        check(http.method, http.url, plane="arm")


def dataplane_request_hook(request: Any) -> None:
    """httpx2 request event hook for the openai client.

    A hook runs inside ``Client.send`` before any transport (vcrpy's replay included), and
    openai passes exceptions other than transport errors straight up, without retrying.
    """
    check(request.method, str(request.url), plane="data plane")


def httpx_event_hooks() -> dict[str, list[Any]]:
    return {"request": [dataplane_request_hook]}
