"""Task 5: the two environment variables, compared with the resource without revealing the key.

The key is compared as a SHA-256 digest in constant time and only the outcome ("key1",
"key2" or "neither") leaves this module: never the value.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import sys
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

QUOTES = "\"'\u201c\u201d\u2018\u2019"
NOT_A_URL = re.compile(r"<not a URL, (\d+) characters>")


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode("utf-8")).digest()


def registry_value(name: str) -> str | None:
    """The user-level value ``setx`` wrote on Windows; None elsewhere or when absent."""
    if sys.platform != "win32":
        return None
    import winreg  # only on Windows

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment") as key:
            value, _ = winreg.QueryValueEx(key, name)
    except OSError:
        return None
    return str(value)


def slips(value: str) -> dict[str, bool]:
    """The usual ``setx`` slips: quotes kept in the value, stray whitespace."""
    return {"quoted": bool(value) and (value[0] in QUOTES or value[-1] in QUOTES),
            "whitespace": value != value.strip()}


def cleaned(value: str) -> str:
    return value.strip().strip(QUOTES).strip()


def key_match(value: str, key1: str | None, key2: str | None) -> str:
    """Which account key ``value`` is: "key1", "key2" or "neither"."""
    seen = _digest(value)
    for name, key in (("key1", key1), ("key2", key2)):
        if key and hmac.compare_digest(seen, _digest(key)):
            return name
    return "neither"


def normalise_endpoint(value: str) -> str:
    parts = urlsplit(value.strip())
    path = parts.path.rstrip("/")
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}{path}"


def not_a_url(value: str) -> str:
    """What an endpoint variable holding no URL is recorded as (it may be a key pasted there)."""
    return f"<not a URL, {len(value)} characters>"


def not_a_url_length(value: str) -> int | None:
    """The length a recorded ``not_a_url`` value stands for; None for any other value."""
    found = NOT_A_URL.fullmatch(value)
    return int(found.group(1)) if found else None


def variable_facts(name: str, environ: Mapping[str, str]) -> dict[str, Any]:
    value = environ.get(name)
    in_registry = registry_value(name)
    facts: dict[str, Any] = {"set": value is not None and value != "",
                             "set_for_new_terminals_only": value is None and bool(in_registry)}
    if value:
        facts.update(slips(value))
    return facts


def read_environment(api_key_var: str, endpoint_var: str, *, key1: str | None,
                     key2: str | None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What task 5 needs to know, with no secret in it."""
    env = os.environ if environ is None else environ
    key_facts = variable_facts(api_key_var, env)
    raw_key = env.get(api_key_var) or ""
    if raw_key:
        from ..secrets import remember  # so no report or log line can show it

        remember(raw_key)
    if raw_key:
        key_facts["matches"] = key_match(raw_key, key1, key2)
        key_facts["matches_when_cleaned"] = key_match(cleaned(raw_key), key1, key2)
    endpoint_facts = variable_facts(endpoint_var, env)
    raw_endpoint = env.get(endpoint_var) or ""
    if raw_endpoint:
        # Variables get swapped: a key pasted here must not be recorded as "the endpoint".
        holds_key = key_match(cleaned(raw_endpoint), key1, key2) != "neither"
        looks_like_url = "://" in raw_endpoint and " " not in raw_endpoint.strip()
        endpoint_facts["holds_key"] = holds_key
        endpoint_facts["value"] = (raw_endpoint if looks_like_url and not holds_key
                                   else not_a_url(raw_endpoint))
    return {api_key_var: key_facts, endpoint_var: endpoint_facts}
