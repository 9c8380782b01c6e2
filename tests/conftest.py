"""Fixtures for labverify's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from labverify.recording import netblock
from labverify.recording.loopback import ensure_loopback_up


@pytest.fixture(scope="session", autouse=True)
def loopback_interface() -> None:
    """The Azure double listens on 127.0.0.1: make sure this namespace's loopback is up."""
    with netblock.loopback_allowed():
        usable = ensure_loopback_up()
    if not usable:
        pytest.fail("127.0.0.1 is unreachable and the loopback interface cannot be raised; "
                    "the Azure double's tests need it")


@pytest.fixture(autouse=True)
def loopback_only_network() -> Iterator[None]:
    """The verifier's own tests may reach the local Azure double, and nothing else."""
    with netblock.loopback_allowed():
        yield
