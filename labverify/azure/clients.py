"""SDK clients built for one target: real Azure, a replayed session, or the Azure double."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpcore2
import httpx2
from azure.core.pipeline.policies import RetryPolicy
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from openai import AzureOpenAI

from . import guard
from .pacing import ReadPacer


@dataclass
class Target:
    """Where Azure calls go and how they are authenticated."""

    arm_url: str
    credential: Any
    # A path to a CA bundle (the double's test CA), or True for the system store.
    verify: str | bool = True
    # Real data-plane host -> local base URL; only the Azure double uses it.
    dataplane_overrides: dict[str, str] = field(default_factory=dict)
    # Local host:port -> real host name, applied to everything recorded.
    host_map: dict[str, str] = field(default_factory=dict)
    # In replay a retry must not wait: the recorded answer is already there.
    sleep_between_retries: bool = True
    # Grading never changes a student's subscription; only carry-out mode sets this False.
    read_only: bool = True
    # Real Azure needs real waiting between polls; the double and replay answer at once.
    real_time: bool = False
    # The subscription's read limit (azure/pacing.ReadLimit): ARM reads are paced within it.
    read_limit: Any = None
    # Replay never connects: its data-plane client trusts no certificate at all, so any
    # handshake that got past the network block fails, and no CA store is loaded for nothing.
    trust_nothing: bool = False


class _CappedRetryPolicy(RetryPolicy):
    """Honours Retry-After, but never waits longer than one call may take.

    Azure may ask for any wait; waiting it out would let one throttled read hold a grading
    as long as Azure likes, so each wait is capped and the retries bound the total.
    """

    def __init__(self, cap: float, limit: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cap = cap
        self._limit = limit  # a paced grading's read limit (pacing.ReadLimit)

    def get_retry_after(self, response: Any) -> float | None:
        value = super().get_retry_after(response)
        return None if value is None else min(value, self._cap)

    def is_retry(self, settings: Any, response: Any) -> bool:
        # A paced grading has waited out ARM's limit as long as its budget allowed (ReadPacer):
        # a 429 that still arrives is past the budget, and waiting longer here would hold
        # the round for as long as ARM asks.
        if self._limit is not None and response.http_response.status_code == 429:
            wait = super().get_retry_after(response) or 0.0
            if wait > self._limit.left():
                return False
        return super().is_retry(settings, response)

    def _is_method_retryable(self, settings: Any, request: Any, response: Any = None) -> bool:
        # azure-core retries no POST after a dropped connection or a timeout, since the server
        # may have acted on it. The POSTs grading is allowed to send (listKeys) only read, so
        # they are as safe to send again as any GET.
        if guard.arm_post_that_reads(request.method, request.url):
            return True
        return super()._is_method_retryable(settings, request, response)


class _NoSleepRetryPolicy(_CappedRetryPolicy):
    def sleep(self, settings: Any, transport: Any, response: Any = None) -> None:
        return None


class _CappedAzureOpenAI(AzureOpenAI):
    retry_cap: float = 60.0

    def _calculate_retry_timeout(self, *args: Any, **kwargs: Any) -> float:
        return min(super()._calculate_retry_timeout(*args, **kwargs), self.retry_cap)


class _NoSleepAzureOpenAI(AzureOpenAI):
    def _calculate_retry_timeout(self, *args: Any, **kwargs: Any) -> float:
        return 0.0


def _arm_kwargs(target: Target, retries: int, timeout: float) -> dict[str, Any]:
    policy_cls = _CappedRetryPolicy if target.sleep_between_retries else _NoSleepRetryPolicy
    return {
        "base_url": target.arm_url,
        "connection_verify": target.verify,
        "retry_policy": policy_cls(timeout, target.read_limit, retry_total=retries,
                                   retry_backoff_factor=0.5,
                                   retry_backoff_max=timeout),
        "connection_timeout": timeout,
        "read_timeout": timeout,
        **_arm_policies(target),
    }


def _arm_policies(target: Target) -> dict[str, Any]:
    per_call: list[Any] = []
    per_retry: list[Any] = []
    if target.read_only:
        # Per call: refused before retries and authentication. Per retry as well: policies
        # inside the pipeline (resource-provider registration) send requests of their own.
        per_call.append(guard.ReadOnlyPolicy())
        per_retry.append(guard.ReadOnlyPolicy())
    if target.read_limit is not None:
        # Inside the retry policy: a 429 is waited out here first, as long as the budget lasts.
        per_retry.append(ReadPacer(target.read_limit))
    return {"per_call_policies": per_call, "per_retry_policies": per_retry}


def cognitive_client(target: Target, subscription_id: str, *, api_version: str,
                     retries: int, timeout: float) -> CognitiveServicesManagementClient:
    return CognitiveServicesManagementClient(
        target.credential, subscription_id, api_version=api_version,
        **_arm_kwargs(target, retries, timeout))


def authorization_client(target: Target, subscription_id: str, *, api_version: str,
                         retries: int, timeout: float) -> AuthorizationManagementClient:
    return AuthorizationManagementClient(
        target.credential, subscription_id, api_version=api_version,
        **_arm_kwargs(target, retries, timeout))


def ssl_context(verify: str | bool) -> ssl.SSLContext | bool:
    """The TLS context for a CA bundle path, the system store (True) or none (False).

    Loading a bundle costs tens of milliseconds, more than a whole replayed task, and httpx2
    would load it again for every client: contexts are kept per process, keyed by the
    bundle's text so that a new bundle at a reused path is never mistaken for the old one.
    """
    if isinstance(verify, str):
        return _context_for_cadata(Path(verify).read_text(encoding="ascii"))
    if verify is True:
        return _system_context()
    return verify


@functools.cache
def _context_for_cadata(pem: str) -> ssl.SSLContext:
    return ssl.create_default_context(cadata=pem)


@functools.cache
def _system_context() -> ssl.SSLContext:
    return httpcore2.default_ssl_context()


@functools.cache
def _trusting_nothing() -> ssl.SSLContext:
    """A client context that verifies host names and certificates, with no CA to trust."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def openai_client(target: Target, endpoint: str, *, api_key: str | None,
                  token_provider: Any, api_version: str, retries: int,
                  timeout: float) -> AzureOpenAI:
    host = urlsplit(endpoint).netloc
    endpoint = target.dataplane_overrides.get(host, endpoint)
    verify = _trusting_nothing() if target.trust_nothing else ssl_context(target.verify)
    cls = _CappedAzureOpenAI if target.sleep_between_retries else _NoSleepAzureOpenAI
    auth: dict[str, Any] = ({"api_key": api_key} if api_key
                            else {"azure_ad_token_provider": token_provider})
    client = cls(azure_endpoint=endpoint, api_version=api_version, max_retries=retries,
                 timeout=timeout, http_client=httpx2.Client(
                     verify=verify, timeout=timeout,
                     event_hooks=guard.httpx_event_hooks() if target.read_only else None),
                 **auth)
    client.retry_cap = timeout  # type: ignore[attr-defined]
    return client
