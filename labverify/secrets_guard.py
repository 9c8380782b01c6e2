"""A pytest plugin that keeps secrets out of pytest's own output and out of log records.

With ``--showlocals`` a traceback through the SDKs prints the request headers (``Authorization:
Bearer ...``), openai's request options (``'api-key': ...``) and the URLs holding the
subscription id, and DEBUG logging of vcrpy prints whole listKeys answers. This plugin scrubs
every test report (longrepr, captured output and log sections, the lab results in
``user_properties``) and every log record as it is created, with :mod:`labverify.secrets`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

from .secrets import scrub, scrub_data

_lock = threading.Lock()


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
    _install_record_factory()


def pytest_unconfigure(config: pytest.Config) -> None:
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
