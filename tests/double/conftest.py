"""Fixtures for the double's tests: worlds and a running double."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from double_support import COMPLETE

from labverify.double.server import AzureDouble
from labverify.double.world import World, load_world


@pytest.fixture(scope="session")
def complete_world() -> World:
    return load_world(COMPLETE)


@pytest.fixture
def make_world(tmp_path: Path) -> Callable[[str], World]:
    """A world from TOML text layered on complete.toml (``base`` is added unless given)."""
    counter = iter(range(1000))

    def make(text: str, *, base: bool = True) -> World:
        path = tmp_path / f"world{next(counter)}.toml"
        head = f'base = "{COMPLETE.as_posix()}"\n' if base else ""
        path.write_text(head + text, encoding="utf-8")
        return load_world(path)

    return make


@pytest.fixture
def double(complete_world: World) -> Iterator[AzureDouble]:
    with AzureDouble(complete_world) as running:
        yield running
