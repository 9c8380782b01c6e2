"""Fixtures for labverify's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from labverify.recording import netblock


@pytest.fixture(autouse=True)
def loopback_only_network() -> Iterator[None]:
    """The verifier's own tests may reach the local Azure double, and nothing else."""
    with netblock.loopback_allowed():
        yield
