"""Live secret values a run has seen, and scrubbing text of them: per run, and pytest-free.

Cassettes are sanitized before they are written; text that is not (pytest's failure output, log
records, exception messages in reports) is scrubbed here, with:

* the run's own :class:`~labverify.recording.sanitize.Sanitizer` (bearer tokens, SAS ``sig=``,
  form secrets, and the subscription, tenant and principal ids it knows, as placeholders);
* the shapes of credentials (JWTs, values under names such as ``api-key``, ``key1``,
  ``client_secret``); a value found that way is remembered, so the same value standing bare
  elsewhere (a local variable, a header dict) is scrubbed too;
* the values the run registered with :func:`remember` (keys read from listKeys, tokens handed
  out by a credential) and those of the credential environment variables.

The registry is per run: :func:`run_scope` gives each grading a fresh one and drops it after,
so a process that grades several students in turn never holds one student's keys while it
grades the next.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import weakref
from collections.abc import Iterator
from typing import Any

from .recording.sanitize import Sanitizer

REDACTED = "[redacted]"
# Shorter values would scrub ordinary words; every key and token is far longer.
MIN_SECRET_LENGTH = 8
SECRET_ENVIRONMENT = ("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD",
                      "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY")

JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# Name and separator as group 1; the value quoted (groups 2, 3) or bare (group 4). Matches JSON
# ("key1":"v"), Python reprs ('api-key': 'v', api_key='v'), showlocals (api_key = 'v'),
# headers (api-key: v) and query or form strings (client_secret=v), but not code such as
# ``key1 == other`` or ``api_key=self.api_key`` in a traceback's source lines.
_NAMED = re.compile(
    r"""(?ix)
    ( ["']? (?<![A-Za-z0-9]) (?: api[-_]?key | key[12] | primary[-_]?key | secondary[-_]?key
                 | access[-_]?token | refresh[-_]?token | id[-_]?token | client[-_]?secret
                 | client[-_]?assertion | password | ocp-apim-subscription-key
                 | account[-_]?key | shared[-_]?access[-_]?key ) ["']?
      \s* [:=] (?!=) \s* b? )
    (?: (["']) ([^"'\s]+) \2
      | ( [A-Za-z0-9+/_~.-]{8,}={0,2} ) (?=[\s&;,}\])]|$) )
    """)
# pytest's saferepr shortens a long value to "head...tail": either half of a secret still
# gives most of it away.
_SHORTENED = re.compile(r"([A-Za-z0-9+/=_-]{4,})?\.\.\.([A-Za-z0-9+/=_-]{4,})?")
_ALREADY_SAFE = ("redacted", "[redacted", "REDACTED", "<", "None", "NOT_GIVEN", "Omit")

# Without ids it still knows the shapes: bearer tokens, SAS signatures, form secrets.
_SHAPES = Sanitizer()



class Registry:
    """The secret values and sanitizers of one run."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.sanitizers: list[weakref.ref[Sanitizer]] = []
        for name in SECRET_ENVIRONMENT:
            _add(self, os.environ.get(name))

    def live_sanitizers(self) -> list[Sanitizer]:
        alive = [ref() for ref in self.sanitizers]
        return [s for s in alive if s is not None]


_lock = threading.RLock()  # current() is called from code that holds it
_stack: list[Registry] = []


def current() -> Registry:
    """The registry of the run in progress (a fresh one if no run has begun)."""
    with _lock:
        if not _stack:
            _stack.append(Registry())
        return _stack[-1]


@contextlib.contextmanager
def run_scope() -> Iterator[Registry]:
    """A fresh registry for one run, dropped with everything it learnt when the run ends."""
    registry = Registry()
    with _lock:
        _stack.append(registry)
    try:
        yield registry
    finally:
        with _lock:
            if registry in _stack:
                _stack.remove(registry)
        registry.values.clear()
        registry.sanitizers.clear()


def _add(registry: Registry, value: str | None) -> None:
    if not isinstance(value, str):
        return
    value = value.strip()
    if len(value) < MIN_SECRET_LENGTH or value.startswith(_ALREADY_SAFE):
        return
    registry.values.add(value)


def remember(value: str | None) -> None:
    """Register a live secret value (a key, a token) so that no report or log line shows it."""
    registry = current()
    with _lock:
        _add(registry, value)


def watch(sanitizer: Sanitizer) -> None:
    """Scrub with this sanitizer too: its identifier map turns real ids into placeholders."""
    registry = current()
    with _lock:
        registry.sanitizers[:] = [ref for ref in registry.sanitizers if ref() is not None]
        if all(ref() is not sanitizer for ref in registry.sanitizers):
            registry.sanitizers.append(weakref.ref(sanitizer))


def known_values() -> set[str]:
    """The secret values the current run knows (for tests of forgetting)."""
    with _lock:
        return set(current().values)


class RememberingCredential:
    """Wraps a TokenCredential and remembers every token it hands out."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        token = self._inner.get_token(*scopes, **kwargs)
        remember(getattr(token, "token", None))
        return token

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        token = self._inner.get_token_info(*scopes, options=options)
        remember(getattr(token, "token", None))
        return token

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _redact_named(match: re.Match[str]) -> str:
    quote, quoted, bare = match.group(2), match.group(3), match.group(4)
    value = quoted if quoted is not None else bare
    if value.startswith(_ALREADY_SAFE) or ("." in value and quoted is None):
        return match.group(0)
    remember(value)
    return match.group(1) + (f"{quote}{REDACTED}{quote}" if quoted is not None else REDACTED)


def _redact_halves(text: str, known: list[str]) -> str:
    def halves(match: re.Match[str]) -> str:
        head, tail = match.group(1) or "", match.group(2) or ""
        if head and any(head in value for value in known):
            head = REDACTED
        if tail and any(tail in value for value in known):
            tail = REDACTED
        return f"{head}...{tail}"

    return _SHORTENED.sub(halves, text) if "..." in text else text


def scrub(text: str) -> str:
    """``text`` with every known secret and identifier replaced."""
    if not text:
        return text
    text = _NAMED.sub(_redact_named, text)
    text = JWT.sub(REDACTED, text)
    text = _SHAPES.text(text)
    registry = current()
    with _lock:
        known = sorted(registry.values, key=len, reverse=True)  # longest first: no leftovers
    for value in known:
        if value in text:
            text = text.replace(value, REDACTED)
    text = _redact_halves(text, known)
    for sanitizer in registry.live_sanitizers():
        text = sanitizer.text(text)
    return text


def scrub_data(data: Any) -> Any:
    """Every string inside ``data`` (dicts, lists, tuples) scrubbed; structure kept."""
    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, dict):
        return {key: scrub_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [scrub_data(item) for item in data]
    if isinstance(data, tuple):
        return tuple(scrub_data(item) for item in data)
    return data
