"""A pytest plugin that keeps secrets out of pytest's own output and out of log records.

Cassettes are sanitized before they are written; pytest's failure output is not: with
``--showlocals`` a traceback through the SDKs prints the request headers (``Authorization:
Bearer ...``), openai's request options (``'api-key': ...``) and the URLs holding the
subscription id, and DEBUG logging of vcrpy prints whole listKeys answers. This plugin scrubs
every test report (longrepr, captured output and log sections, the lab results in
``user_properties``) and every log record as it is created, with:

* the run's own :class:`~labverify.recording.sanitize.Sanitizer` (bearer tokens, SAS ``sig=``,
  form secrets, and the subscription, tenant and principal ids it knows, as placeholders);
* the shapes of credentials (JWTs, values under names such as ``api-key``, ``key1``,
  ``client_secret``); a value found that way is remembered, so the same value standing bare
  elsewhere (a local variable, a header dict) is scrubbed too;
* a registry of live secret values, filled with :func:`remember` (keys read from listKeys,
  tokens handed out by a credential) and from the credential environment variables.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .recording.sanitize import Sanitizer

REDACTED = "[redacted]"
# Shorter values would scrub ordinary words; every key and token is far longer.
MIN_SECRET_LENGTH = 8
SECRET_ENVIRONMENT = ("AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "AZURE_PASSWORD",
                      "AZURE_OPENAI_API_KEY", "OPENAI_API_KEY")

_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
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

_lock = threading.Lock()
_secrets: set[str] = set()
_sanitizers: list[weakref.ref[Sanitizer]] = []
_configs: list[pytest.Config] = []


def remember(value: str | None) -> None:
    """Register a live secret value (a key, a token) so that no report or log line shows it."""
    if not isinstance(value, str):
        return
    value = value.strip()
    if len(value) < MIN_SECRET_LENGTH or value.startswith(_ALREADY_SAFE):
        return
    with _lock:
        _secrets.add(value)


def watch(sanitizer: Sanitizer) -> None:
    """Scrub with this sanitizer too: its identifier map turns real ids into placeholders."""
    with _lock:
        _sanitizers[:] = [ref for ref in _sanitizers if ref() is not None]
        if all(ref() is not sanitizer for ref in _sanitizers):
            _sanitizers.append(weakref.ref(sanitizer))


def forget_all() -> None:
    """Drop every remembered value and sanitizer (between unrelated runs in one process)."""
    with _lock:
        _secrets.clear()
        _sanitizers.clear()


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


# -- scrubbing -------------------------------------------------------------------------------
def _live_sanitizers() -> Iterator[Sanitizer]:
    with _lock:
        refs = list(_sanitizers)
        configs = list(_configs)
    for ref in refs:
        sanitizer = ref()
        if sanitizer is not None:
            yield sanitizer
    from .pytest_plugin import RUN_KEY

    for config in configs:
        run = config.stash.get(RUN_KEY, None)
        sanitizer = getattr(run, "sanitizer", None)
        if isinstance(sanitizer, Sanitizer):
            yield sanitizer


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
    text = _JWT.sub(REDACTED, text)
    text = _SHAPES.text(text)
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)  # longest first: no partial leftovers
    for value in known:
        if value in text:
            text = text.replace(value, REDACTED)
    text = _redact_halves(text, known)
    for sanitizer in _live_sanitizers():
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


def scrub_report(report: pytest.TestReport | pytest.CollectReport) -> None:
    longrepr = report.longrepr
    if isinstance(longrepr, str):
        report.longrepr = scrub(longrepr)
    elif isinstance(longrepr, tuple) and len(longrepr) == 3:
        report.longrepr = (longrepr[0], longrepr[1], scrub(str(longrepr[2])))
    elif longrepr is not None:
        text = str(longrepr)
        cleaned = scrub(text)
        if cleaned != text:
            # Plain text instead of pytest's structured repr: colour is lost, the secret too.
            report.longrepr = cleaned
    report.sections = [(title, scrub(content)) for title, content in report.sections]
    if isinstance(report, pytest.TestReport):
        report.user_properties = [(name, scrub_data(value))
                                  for name, value in report.user_properties]


# -- log records -----------------------------------------------------------------------------
_formatter = logging.Formatter()


def _scrub_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call's record is left for logging to report
        return
    cleaned = scrub(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        record.exc_text = scrub(_formatter.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)


_factory_state: dict[str, Any] = {"previous": None, "users": 0}


def _install_record_factory() -> None:
    with _lock:
        _factory_state["users"] += 1
        if _factory_state["users"] > 1:
            return
        previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()
        _factory_state["previous"] = previous

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub_record(record)
        return record

    logging.setLogRecordFactory(factory)


def _uninstall_record_factory() -> None:
    with _lock:
        _factory_state["users"] -= 1
        if _factory_state["users"] > 0 or _factory_state["previous"] is None:
            return
        previous = _factory_state["previous"]
        _factory_state["previous"] = None
    logging.setLogRecordFactory(previous)


# -- pytest hooks ----------------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    for name in SECRET_ENVIRONMENT:
        remember(os.environ.get(name))
    with _lock:
        _configs.append(config)
    _install_record_factory()


def pytest_unconfigure(config: pytest.Config) -> None:
    with _lock:
        if config in _configs:
            _configs.remove(config)
    _uninstall_record_factory()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Outermost wrapper: runs after labverify's plugin has put the lab result on the report.
    report = yield
    scrub_report(report)
    return report


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Any:
    report = yield
    scrub_report(report)
    return report
