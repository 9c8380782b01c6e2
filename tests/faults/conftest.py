"""Fixtures for the fault tests: the fast lab config, the matrix graded in worker processes,
and a way to serve status values no world file may hold."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from labverify.config import LabConfig, load_config
from labverify.double import world as world_module
from labverify.double.world import World

from .matrix import OPERATIONS, Cell, Graded, fast_config_text, grade, world_file

# Most of a cell's time is spent waiting on timeouts and back-offs; two cells at a time
# halve the matrix's wall time without starving either of CPU on a two-core machine.
WORKERS = max(1, min(2, os.cpu_count() or 1))
CELL_TIMEOUT = 120.0


@pytest.fixture(scope="session")
def fast_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "fast-lab.toml"
    path.write_text(fast_config_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def fast_lab_config(fast_config: Path) -> LabConfig:
    return load_config(fast_config)


class Matrix:
    """Cells graded ahead, in worker processes: each runs ``run_scenarios`` in its own
    process, as grading does, and a test only waits for its own cell."""

    def __init__(self, pool: ProcessPoolExecutor, config: Path, folder: Path) -> None:
        self._pool, self._config, self._folder = pool, config, folder
        self._cells: dict[Cell, Future[Graded]] = {}
        self._plain: dict[tuple[str, str], Future[Graded]] = {}

    def submit(self, cell: Cell) -> None:
        operation = OPERATIONS[cell[0]]
        key = (operation.base, operation.tasks)
        if key not in self._plain:
            self._plain[key] = self._pool.submit(
                grade, world_file(self._folder, operation.base), operation.tasks, self._config)
        if cell not in self._cells:
            world = world_file(self._folder, operation.base, cell)
            self._cells[cell] = self._pool.submit(grade, world, operation.tasks, self._config)

    def graded(self, cell: Cell) -> Graded:
        self.submit(cell)
        return self._cells[cell].result(timeout=CELL_TIMEOUT)

    def plain(self, op: str) -> dict[str, str]:
        """Verdicts of the cell's world and tasks without the fault."""
        operation = OPERATIONS[op]
        return self._plain[(operation.base, operation.tasks)].result(
            timeout=CELL_TIMEOUT).verdicts


def _selected_cells(session: pytest.Session) -> list[Cell]:
    cells = []
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if {"op", "fault", "times"} <= set(params) and params["op"] in OPERATIONS:
            cells.append((params["op"], params["fault"], params["times"]))
    return cells


@pytest.fixture(scope="session")
def matrix(request: pytest.FixtureRequest, fast_config: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    pool = ProcessPoolExecutor(max_workers=WORKERS,
                               mp_context=multiprocessing.get_context("spawn"))
    graded = Matrix(pool, fast_config, tmp_path_factory.mktemp("worlds"))
    for cell in _selected_cells(request.session):  # only the cells this run will assert on
        graded.submit(cell)
    try:
        yield graded
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# Statuses no Azure documentation lists, for the "unexpected status" tests.
UNKNOWN_STATUS: dict[str, Callable[[World], None]] = {
    "account provisioningState": lambda w: setattr(w.accounts[0], "provisioning_state", "Weird"),
    "job status": lambda w: setattr(w.jobs[0], "status", "exploded"),
    "file status": lambda w: [setattr(f, "status", "exploded") for f in w.files],
    "deployment provisioningState": lambda w: setattr(w.deployments[0], "provisioning_state",
                                                      "Weird"),
}


@pytest.fixture
def unknown_status(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Serve a status value the world-file schema (rightly) refuses: the double's world is
    changed after loading, in this process, which is where these gradings run."""
    def serve(which: str) -> None:
        load = world_module.load_world

        def patched(path: Path, at: Any = None) -> Any:
            loaded = load(path, at)
            UNKNOWN_STATUS[which](loaded)
            return loaded

        monkeypatch.setattr(world_module, "load_world", patched)

    return serve
