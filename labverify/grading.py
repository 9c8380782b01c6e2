"""Running the lab's scenarios through pytest and collecting one result per scenario."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from . import bdd_plugin, secrets
from . import plugin as labverify_plugin
from .costs import CostLine
from .options import OptionsPlugin, RunOptions
from .paths import LAB_INI, PROJECT_ROOT, STEPS_DIR
from .pytest_plugin import KnownReads, ResultCollector
from .verdicts import ScenarioResult, Verdict

# Step modules are imported once per process; pytest re-registers them on every run. The module
# binding the features is imported afresh, so that each run's own hooks mark its scenarios.
_KEEP_MODULES = ("labverify", "conftest")
_DROP_MODULES = ("tests", "_pytest_bdd", "steps", "test_lab")


@dataclass(frozen=True)
class GradeRequest(RunOptions):
    """What one grading runs: the run's own options, and how pytest is asked to run it."""

    markers: str | None = None
    echo: bool = False
    extra_args: tuple[str, ...] | list[str] = ()
    # Answers an earlier grading of this student found final (GradeOutcome.final_reads):
    # a live grading takes them as read instead of asking Azure again.
    known_reads: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class GradeOutcome:
    results: list[ScenarioResult]
    exit_code: int
    output: str
    # Where the run chose one source over another (a world's [machine], a recorded --wait).
    notes: list[str] = field(default_factory=list)
    # Fine-tuned deployments that bill by the hour, from the run's own deployments read.
    costs: list[CostLine] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)  # the distinct Azure reads made
    read_timings: dict[str, tuple[float, float]] = field(default_factory=dict)
    final_reads: dict[str, Any] = field(default_factory=dict)  # answers that cannot change
    # How long ARM's read limit held the grading, and how many 429s it waited out.
    paced_seconds: float = 0.0
    throttled: int = 0

    @property
    def all_passed(self) -> bool:
        return bool(self.results) and all(r.verdict is Verdict.PASS for r in self.results)


_UNUSED_PYTEST_PLUGINS = ("debugging", "doctest", "unittest", "pastebin", "junitxml", "stepwise",
                          "setuponly", "setupplan", "legacypath", "tmpdir", "recwarn",
                          "faulthandler", "threadexception", "subtests")


def pytest_args(request: GradeRequest) -> list[str]:
    args = [str(STEPS_DIR), "--rootdir", str(PROJECT_ROOT), "-c", str(LAB_INI),
            "-p", "no:cacheprovider", "--import-mode=importlib",
            # Only the plugins a grading uses (run_scenarios hands them over as modules):
            # scanning every installed distribution's entry points, and whatever other plugins
            # they bring, costs a grading time for nothing.
            "--disable-plugin-autoload",
            # Nothing reads pytest's assertion messages: skip rewriting the step modules.
            "--assert=plain",
            "-q", "--no-header", "-rN",
            # Grading reads verdicts, not pytest's report: formatting tracebacks and the
            # unraisable-exception plugin's gc.collect() were most of a replay's cost.
            "-p", "no:unraisableexception", f"--tb={'short' if request.echo else 'no'}"]
    # pytest's plugins a grading never uses (no debugger, doctests, unittest classes, pastebin,
    # junitxml - labverify writes its own -, stepwise runs or setup plans): each one imported
    # and configured is start-up time for nothing.
    for name in _UNUSED_PYTEST_PLUGINS:
        args += ["-p", f"no:{name}"]
    if request.markers is not None:
        args += ["-m", request.markers]
    return args + list(request.extra_args)


def lab_plugins(request: GradeRequest) -> list[object]:
    """What a grading's pytest run loads: its options, pytest-bdd and labverify, nothing else."""
    return [OptionsPlugin(request), KnownReads(request.known_reads), bdd_plugin, labverify_plugin]


def run_scenarios(request: GradeRequest) -> GradeOutcome:
    """Run pytest in this process; its own output is captured unless ``request.echo``."""
    collector = ResultCollector()
    buffer = io.StringIO()
    before = set(sys.modules)
    redirect = contextlib.nullcontext() if request.echo else contextlib.redirect_stdout(buffer)
    # A run of its own: what secrets it learns are forgotten when it ends.
    with redirect, secrets.run_scope():
        # The run's options reach the plugin as an object, not as argv to parse back.
        code = pytest.main(pytest_args(request), plugins=[collector, *lab_plugins(request)])
    # Drop modules a run imported other than the step definitions, so a later run in
    # the same process starts from the same state.
    for name in set(sys.modules) - before:
        if not name.startswith(_KEEP_MODULES) and name.startswith(_DROP_MODULES):
            sys.modules.pop(name, None)
    return GradeOutcome(results=collector.results, exit_code=int(code), output=buffer.getvalue(),
                        notes=collector.notes, costs=collector.costs, reads=collector.reads,
                        read_timings=collector.read_timings,
                        final_reads=collector.final_reads, paced_seconds=collector.paced_seconds,
                        throttled=collector.throttled)
