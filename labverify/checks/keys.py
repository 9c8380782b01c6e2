"""Task 3: the keys and endpoint on the resource's Keys and Endpoint page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..catalogue import hint, message
from ..config import LabConfig
from ..verdicts import LabFail


def check_keys(keys: Any, account_name: str) -> dict[str, Any]:
    present = [name for name in ("key1", "key2") if getattr(keys, name, None)]
    if len(present) < 2:
        missing = sorted({"key1", "key2"} - set(present))
        seen = (message("keys.missing", account=account_name, missing=missing[0].upper())
                if len(missing) == 1 else message("keys.missing_both", account=account_name))
        raise LabFail(seen,
                      hint=hint("keys.regenerate"),
                      evidence={"account": account_name, "keys_present": present})
    # The values are never evidence: only that both exist.
    return {"account": account_name, "keys_present": present}


def check_endpoint_form(account: Any, config: LabConfig) -> dict[str, Any]:
    endpoint = getattr(account.properties, "endpoint", None) or ""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    suffixes = [s.lower() for s in config.account.endpoint_suffixes]
    evidence = {"account": account.name, "endpoint": endpoint}
    if parts.scheme != "https" or not any(host.endswith(s) for s in suffixes):
        raise LabFail(message("keys.endpoint_form", endpoint=repr(endpoint),
                              suffix=suffixes[0]),
                      hint=hint("keys.endpoint"),
                      evidence=evidence)
    return evidence
