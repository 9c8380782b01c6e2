"""A pytest plugin that stops the run at its third scenario, as Ctrl-C would."""

from __future__ import annotations

import pytest

_seen: list[str] = []


def pytest_runtest_call(item: pytest.Item) -> None:
    _seen.append(item.nodeid)
    if len(_seen) == 3:
        _seen.clear()
        pytest.exit("interrupted by the test", returncode=pytest.ExitCode.INTERRUPTED)
