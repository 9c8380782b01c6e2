"""HTTP request and response values passed between the listeners and the handlers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Request:
    """One parsed request. ``query`` keeps every value; ``path`` is the raw path without query."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    base_url: str  # "https://127.0.0.1:PORT" of the listener that received it

    def param(self, name: str, *, ignore_case: bool = False) -> str | None:
        """The first value of a query parameter (ARM matches parameter names case-insensitively)."""
        if not ignore_case:
            values = self.query.get(name)
            return values[0] if values else None
        wanted = name.lower()
        for key, values in self.query.items():
            if key.lower() == wanted and values:
                return values[0]
        return None

    def json(self) -> Any:
        """The body as JSON, or None when it is empty or not JSON."""
        if not self.body:
            return None
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    reset: bool = False  # close the connection without answering
    delay: float = 0.0  # seconds to wait before answering


def json_response(status: int, payload: Any, headers: list[tuple[str, str]] | None = None,
                  ) -> Response:
    """A JSON response. Dicts keep their insertion order, so equal worlds give equal bytes."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, [("Content-Type", JSON_TYPE), *(headers or [])])


def empty_response(status: int, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, b"", list(headers or []))


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def iso_time(moment: datetime) -> str:
    """ARM's timestamp style: seven fractional digits and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def digest_hex(*parts: object, length: int = 32) -> str:
    """A stable hex string derived from the parts; used wherever Azure would use a random id."""
    text = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def digest_guid(*parts: object) -> str:
    raw = digest_hex(*parts)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:32]}"
