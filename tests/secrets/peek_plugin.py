"""A pytest plugin that notes which secret values the run knows as it ends."""

from __future__ import annotations

import pytest

from labverify import secrets

SEEN: list[set[str]] = []


def pytest_sessionfinish(session: pytest.Session) -> None:
    SEEN.append(secrets.known_values())
