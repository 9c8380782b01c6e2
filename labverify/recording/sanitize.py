"""Scrubbing of secrets and identifiers from recorded traffic, before anything is written.

Modelled on the Azure SDK test-proxy's rules, without its blanket ``$..id``/``$..name``
rules: those would erase the account, deployment, model, job and file names the checks
assert on.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

# Hosts that only ever carry credentials; their traffic is never recorded.
TOKEN_HOSTS = ("login.microsoftonline.com", "login.windows.net", "login.microsoft.com",
               "169.254.169.254", "sts.windows.net")
TOKEN_PATH = re.compile(r"/oauth2/|/metadata/identity/|/MSI/token", re.IGNORECASE)

# Request headers worth keeping: they decide how a service answers. Everything else
# (Authorization, api-key, cookies, user agents, random client request ids) is dropped.
KEEP_REQUEST_HEADERS = frozenset({"content-type", "accept"})
KEEP_RESPONSE_HEADERS = frozenset({
    "content-type", "retry-after", "retry-after-ms", "x-ms-retry-after-ms", "location",
    "azure-asyncoperation", "operation-location", "x-ms-error-code",
})

SECRET_FIELDS = frozenset({
    "key1", "key2", "primarykey", "secondarykey", "access_token", "refresh_token",
    "id_token", "client_secret", "client_assertion", "api_key", "apikey", "password",
    "connectionstring", "primaryconnectionstring", "secondaryconnectionstring", "sastoken",
})
PERSON_FIELDS = frozenset({"createdby", "lastmodifiedby"})
IDENTIFIER_FIELDS = {
    "subscriptionid": "subscription", "tenantid": "tenant", "principalid": "principal",
    "objectid": "principal", "oid": "principal", "clientid": "principal",
    "delegatedmanagedidentityresourceid": "principal",
}
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SAS_SIG = re.compile(r"(?i)(sig=)[^&\"'\s]+")
_FORM_SECRET = re.compile(r"(?i)((?:client_secret|client_assertion|refresh_token|password)=)[^&]+")
_BEARER = re.compile(r"(?i)bearer\s+[A-Za-z0-9\-._~+/]+=*")
_BOUNDARY = re.compile(r"boundary=([^;\s]+)")
FIXED_BOUNDARY = "labverify-boundary"
_KIND_CODE = {"subscription": "aaaa", "tenant": "bbbb", "principal": "cccc"}


def placeholder(kind: str, number: int) -> str:
    """A format-valid GUID that says which kind of identifier it replaced."""
    return f"00000000-0000-0000-{_KIND_CODE[kind]}-{number:012d}"


def redacted(field: str) -> str:
    return f"redacted-{field.lower()}"


class Sanitizer:
    """Replaces secrets with markers and identifiers with stable placeholders.

    The identifier map grows as new ids are seen, so the same real id always maps to the
    same placeholder within one recorded session.
    """

    def __init__(self, known: dict[str, str] | None = None,
                 host_map: dict[str, str] | None = None) -> None:
        self._ids: dict[str, str] = {}
        self._counts: dict[str, int] = {}
        self.host_map = dict(host_map or {})
        for value, kind in (known or {}).items():
            self.identifier(value, kind)

    @property
    def identifiers(self) -> dict[str, str]:
        """Real id (lower case) to placeholder."""
        return dict(self._ids)

    def identifier(self, value: str, kind: str) -> str:
        key = value.lower()
        if key in self._ids:
            return self._ids[key]
        if key.startswith("00000000-0000-0000-"):
            return value  # already a placeholder
        self._counts[kind] = self._counts.get(kind, 0) + 1
        self._ids[key] = placeholder(kind, self._counts[kind])
        return self._ids[key]

    # -- text ------------------------------------------------------------------------------
    def text(self, value: str) -> str:
        value = _SAS_SIG.sub(r"\1REDACTED", value)
        value = _FORM_SECRET.sub(r"\1REDACTED", value)
        value = _BEARER.sub("Bearer REDACTED", value)

        def swap(match: re.Match[str]) -> str:
            return self._ids.get(match.group(0).lower(), match.group(0))

        return _GUID.sub(swap, value) if self._ids else value

    def url(self, url: str) -> str:
        parts = urlsplit(url)
        netloc = self.host_map.get(parts.netloc, parts.netloc)
        if netloc.endswith(":443"):
            netloc = netloc[:-4]
        return self.text(urlunsplit((parts.scheme, netloc, parts.path, parts.query,
                                     parts.fragment)))

    # -- JSON ------------------------------------------------------------------------------
    def learn(self, data: Any) -> None:
        """Register identifier values found under identifier-named fields."""
        if isinstance(data, dict):
            for key, value in data.items():
                kind = IDENTIFIER_FIELDS.get(key.lower())
                if kind and isinstance(value, str) and _GUID.fullmatch(value):
                    self.identifier(value, kind)
                else:
                    self.learn(value)
        elif isinstance(data, list):
            for item in data:
                self.learn(item)

    def scrub(self, data: Any) -> Any:
        if isinstance(data, dict):
            out = {}
            for key, value in data.items():
                lowered = key.lower()
                if lowered in SECRET_FIELDS and isinstance(value, str) and value:
                    out[key] = redacted(key)
                elif lowered in PERSON_FIELDS and isinstance(value, str) and value:
                    out[key] = "redacted-person"
                else:
                    out[key] = self.scrub(value)
            return out
        if isinstance(data, list):
            return [self.scrub(item) for item in data]
        if isinstance(data, str):
            return self.text(data)
        return data

    def body(self, body: bytes | str | None) -> bytes | str | None:
        """Scrub a body: JSON structurally, anything else as text."""
        if body is None or body == b"" or body == "":
            return body
        as_bytes = body if isinstance(body, bytes) else body.encode("utf-8")
        try:
            text = as_bytes.decode("utf-8")
        except UnicodeDecodeError:
            return body  # binary: nothing of ours is ever binary
        try:
            data = json.loads(text)
        except ValueError:
            cleaned = self.text(text)
        else:
            self.learn(data)
            cleaned = json.dumps(self.scrub(data), ensure_ascii=False, separators=(",", ":"))
        return cleaned.encode("utf-8") if isinstance(body, bytes) else cleaned

    # -- vcrpy hooks -------------------------------------------------------------------------
    def is_token_traffic(self, uri: str) -> bool:
        parts = urlsplit(uri)
        host = (parts.hostname or "").lower()
        return host in TOKEN_HOSTS or bool(TOKEN_PATH.search(parts.path))

    def before_record_request(self, request: Any) -> Any:
        """vcrpy hook: runs on every request before matching and before saving."""
        if self.is_token_traffic(request.uri):
            return None
        request.uri = self.url(request.uri)
        kept = {k: v for k, v in request.headers.items() if k.lower() in KEEP_REQUEST_HEADERS}
        body = self._fixed_boundary(kept, request.body)
        request.headers = kept
        request.body = self.body(body)
        return request

    @staticmethod
    def _fixed_boundary(headers: dict, body: Any) -> Any:
        """Multipart uploads carry a random boundary; a fixed one keeps recordings stable."""
        for name, value in headers.items():
            text = value[0] if isinstance(value, list) else value
            if name.lower() != "content-type" or not isinstance(text, str):
                continue
            found = _BOUNDARY.search(text)
            if not found or not found.group(1):
                return body
            headers[name] = text.replace(found.group(1), FIXED_BOUNDARY)
            old = found.group(1).strip('"')
            if isinstance(body, bytes):
                return body.replace(old.encode(), FIXED_BOUNDARY.encode())
            if isinstance(body, str):
                return body.replace(old, FIXED_BOUNDARY)
        return body

    def before_record_response(self, response: dict) -> dict:
        """vcrpy hook: runs on every live response before it is saved."""
        headers = {}
        for name, values in response.get("headers", {}).items():
            if name.lower() not in KEEP_RESPONSE_HEADERS:
                continue
            if isinstance(values, str):
                values = [values]
            headers[name] = [self.url(v) if v.startswith("http") else self.text(v)
                             for v in values]
        response["headers"] = headers
        body = response.get("body", {})
        if isinstance(body, dict) and "string" in body:
            body["string"] = self.body(body["string"])
        # The body was rewritten, so any length the service sent no longer holds.
        return response
