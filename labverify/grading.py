"""Running the lab's scenarios through pytest and collecting one result per scenario."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from .pytest_plugin import RUN_OPTION_FLAGS, ResultCollector
from .run import PROJECT_ROOT, RunOptions
from .verdicts import ScenarioResult, Verdict

# Step modules are imported once per process; pytest re-registers them on every run.
_KEEP_MODULES = ("steps", "fixtures", "conftest")


@dataclass
class GradeRequest(RunOptions):
    """What one grading runs: the run's own options, and how pytest is asked to run it."""

    tasks: str | None = None
    lab_config: Path | None = None
    markers: str | None = None
    echo: bool = False
    extra_args: list[str] = field(default_factory=list)


@dataclass
class GradeOutcome:
    results: list[ScenarioResult]
    exit_code: int
    output: str
    # Where the run chose one source over another (a world's [machine], a recorded --wait).
    notes: list[str] = field(default_factory=list)

    @property
    def all_passed(self) -> bool:
        return bool(self.results) and all(r.verdict is Verdict.PASS for r in self.results)


def pytest_args(request: GradeRequest) -> list[str]:
    args = [str(PROJECT_ROOT / "steps"), "--rootdir", str(PROJECT_ROOT),
            "-c", str(PROJECT_ROOT / "pyproject.toml"), "-p", "no:cacheprovider",
            "-q", "--no-header", "-rN",
            # Grading reads verdicts, not pytest's report: formatting tracebacks and the
            # unraisable-exception plugin's gc.collect() were most of a replay's cost.
            "-p", "no:unraisableexception", f"--tb={'short' if request.echo else 'no'}"]
    for name, flag in RUN_OPTION_FLAGS.items():
        value = getattr(request, name)
        if value is None or value is False or value == 0.0:
            continue
        args += [flag] if value is True else [flag, str(value)]
    for flag, value in (("--lab-tasks", request.tasks), ("--lab-config", request.lab_config),
                        ("-m", request.markers)):
        if value is not None:
            args += [flag, str(value)]
    return args + request.extra_args


def run_scenarios(request: GradeRequest, *, echo: bool = False) -> GradeOutcome:
    """Run pytest in this process; its own output is captured unless ``echo``."""
    collector = ResultCollector()
    buffer = io.StringIO()
    before = set(sys.modules)
    redirect = contextlib.nullcontext() if echo else contextlib.redirect_stdout(buffer)
    with redirect:
        code = pytest.main(pytest_args(replace(request, echo=echo)), plugins=[collector])
    # Drop modules a run imported other than the step definitions, so a later run in
    # the same process starts from the same state.
    for name in set(sys.modules) - before:
        if not name.startswith(_KEEP_MODULES) and name.startswith(("tests", "_pytest_bdd")):
            sys.modules.pop(name, None)
    return GradeOutcome(results=collector.results, exit_code=int(code), output=buffer.getvalue(),
                        notes=collector.notes)
