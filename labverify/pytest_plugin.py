"""The pytest plugin: lab options, task selection, tags, and a verdict on every scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .catalogue import hint
from .config import load_config
from .errors import LabverifyError
from .features import validate_tables
from .options import OPTIONS, OptionsPlugin, RunOptions, add_pytest_options, from_pytest
from .paths import STEPS_DIR
from .recording import netblock
from .run import LabRun, resolved
from .step_lookup import scenario_title
from .tasks import parse_tasks
from .verdicts import LabOutcome, ScenarioResult, Verdict

RUN_KEY = pytest.StashKey["LabRun | None"]()
CONFIG_KEY = pytest.StashKey[Any]()
BLOCK_KEY = pytest.StashKey[bool]()
EVIDENCE_KEY = pytest.StashKey[dict]()
COMPLETE_KEY = pytest.StashKey[bool]()
OPTIONS_KEY = pytest.StashKey[RunOptions]()
TASKS_KEY = pytest.StashKey[set]()  # the tasks this run grades
KNOWN_READS_KEY = pytest.StashKey[Any]()  # answers an earlier grading found final


class KnownReads:
    """Hands a grading the answers an earlier one found final (``GradeRequest.known_reads``)."""

    def __init__(self, reads: Any) -> None:
        self.reads = reads

    def pytest_configure(self, config: pytest.Config) -> None:
        config.stash[KNOWN_READS_KEY] = self.reads
RESULT_PROPERTY = "lab_result"


def pytest_addoption(parser: pytest.Parser) -> None:
    add_pytest_options(parser.getgroup("labverify", "lab verification"))
    parser.addini("lab", "grade the lab in this run (labverify's own runs and this checkout "
                  "set it; a --lab-* option does too)", type="bool", default=False)


def _options_plugin(manager: pytest.PytestPluginManager) -> OptionsPlugin | None:
    return next((p for p in manager.get_plugins() if isinstance(p, OptionsPlugin)), None)


def _asked_on_the_command_line(args: list[str]) -> bool:
    flags = tuple(option.pytest_flag for option in OPTIONS)
    return any(arg.split("=", 1)[0] in flags for arg in args)


def lab_active(config: pytest.Config) -> bool:
    """Whether this pytest run grades the lab: labverify's own runs, a project that says so
    (``lab = true``), or a ``--lab-*`` option on the command line."""
    return (_options_plugin(config.pluginmanager) is not None or bool(config.getini("lab"))
            or _asked_on_the_command_line(list(config.invocation_params.args)))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser,
                                  args: list[str]) -> None:
    # ``pytest --lab-mode replay --lab-session DIR`` in a project of its own, with no test path:
    # the lab's scenarios are what is asked for, wherever labverify is installed.
    if not _asked_on_the_command_line(args):
        return
    paths = [a for a in args if not a.startswith("-") and Path(a).exists()]
    if not paths and not early_config.getini("lab"):
        args.append(str(STEPS_DIR))


def run_options(config: pytest.Config) -> RunOptions:
    """The run's options: handed over by labverify as an object, else pytest's own flags."""
    plugin = _options_plugin(config.pluginmanager)
    return plugin.options if plugin is not None else from_pytest(config.getoption)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "lab_check(id): the stable id of a lab check")
    config.addinivalue_line("markers", "carry_out: a scenario that performs a lab action")
    if not lab_active(config):
        return
    try:
        options = resolved(run_options(config))
        lab_config = load_config(options.lab_config)
        validate_tables(lab_config)
    except LabverifyError as exc:
        raise pytest.UsageError(str(exc)) from None
    # The lab's tasks are the config's: a variant with more tasks marks them all.
    for number in lab_config.tasks:
        config.addinivalue_line("markers", f"task{number}: lab task {number}")
    config.stash[OPTIONS_KEY] = options
    config.stash[CONFIG_KEY] = lab_config
    config.stash[RUN_KEY] = None
    # Installed here, not in a fixture, so that session-scoped code is covered too.
    replaying = options.mode == "replay"
    config.stash[BLOCK_KEY] = replaying and not netblock.is_installed()
    if config.stash[BLOCK_KEY]:
        netblock.install()


# The module binding each language's features (steps/test_lab*.py): a run collects its own.
LANGUAGE_MODULES = {"test_lab.py": "en", "test_lab_zh_tw.py": "zh-TW"}


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Both modules bind the same checks; the run's language says whose scenario names it shows.
    lang = LANGUAGE_MODULES.get(collection_path.name)
    if lang is None or OPTIONS_KEY not in config.stash or collection_path.parent != STEPS_DIR:
        return None
    return True if lang != config.stash[OPTIONS_KEY].lang else None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A recording is kept only when the run was not cut short.
    config = session.config
    if CONFIG_KEY not in config.stash:
        return
    config.stash[COMPLETE_KEY] = exitstatus not in (pytest.ExitCode.INTERRUPTED,
                                                    pytest.ExitCode.INTERNAL_ERROR,
                                                    pytest.ExitCode.USAGE_ERROR)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.finish(complete=config.stash.get(COMPLETE_KEY, False))
    if config.stash.get(BLOCK_KEY, False):
        netblock.uninstall()


def lab_run_for(config: pytest.Config) -> LabRun:
    """The run's LabRun, made on first use so that a run of unit tests never needs one."""
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        run = LabRun(config.stash[CONFIG_KEY], config.stash[OPTIONS_KEY])
        config.stash[RUN_KEY] = run
        if run.mode == "live":
            run.reads.settle(dict(config.stash.get(KNOWN_READS_KEY, {})))
        run.prefetch(config.stash.get(TASKS_KEY, set()))
    return run


@pytest.hookimpl(tryfirst=True)  # before pytest-bdd's own, whatever order plugins load in
def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    if tag.startswith("check:"):
        pytest.mark.lab_check(tag.split(":", 1)[1])(function)
        return True
    return None


def item_task(item: pytest.Item) -> int | None:
    if CONFIG_KEY not in item.config.stash:
        return None
    for number in item.config.stash[CONFIG_KEY].tasks:
        if item.get_closest_marker(f"task{number}") is not None:
            return number
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CONFIG_KEY not in config.stash:
        return  # not grading the lab in this run
    lab_config = config.stash[CONFIG_KEY]
    options = config.stash[OPTIONS_KEY]
    try:
        wanted = parse_tasks(options.tasks or ("all" if options.carry_out else None), lab_config)
    except LabverifyError as exc:
        raise pytest.UsageError(str(exc)) from None
    carrying_out = options.carry_out
    keep, drop = [], []
    for item in items:
        task = item_task(item)
        # Grading never carries a lab action out; carrying out runs nothing but the actions.
        wrong_kind = (item.get_closest_marker("carry_out") is not None) != carrying_out
        unwanted = task is not None and task not in wanted
        (drop if wrong_kind or unwanted else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
    # Lab order: task 10 undoes what tasks 7-9 carried out, so it must come last.
    items[:] = sorted(keep, key=lambda item: item_task(item) or 0)
    config.stash[TASKS_KEY] = {t for t in map(item_task, items) if t is not None}
    if options.mode == "record" and any(item_task(i) for i in items):
        # Where a recording goes is settled before anything runs: a refused folder is a
        # usage error, not a verdict on every scenario.
        try:
            lab_run_for(config)
        except LabverifyError as exc:
            raise pytest.UsageError(str(exc)) from None


def _scenario_name(item: pytest.Item) -> str:
    return scenario_title(getattr(item, "obj", None)) or item.name


def _verdict(excinfo: Any, report: pytest.TestReport) -> tuple[Verdict, str, str, dict]:
    if excinfo is None:
        return (Verdict.SKIPPED if report.skipped else Verdict.PASS), "", "", {}
    exc = excinfo.value
    if isinstance(exc, LabOutcome):
        return exc.verdict, exc.message, exc.hint, exc.evidence
    if report.skipped:
        return Verdict.SKIPPED, str(exc), "", {}
    if isinstance(exc, LabverifyError):
        # Bad input (a broken session, a config mistake): its message names the file.
        return Verdict.ERROR, str(exc), hint("error.bad_input"), {}
    # Anything else is a fault of labverify or of the session, never the student's.
    return Verdict.ERROR, f"{type(exc).__name__}: {exc}", hint("error.internal"), {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    check = item.get_closest_marker("lab_check")
    if check is None:
        return report
    failed_setup = call.when == "setup" and not report.passed
    if call.when != "call" and not failed_setup:
        return report
    verdict, message, hint, evidence = _verdict(call.excinfo, report)
    seen = item.stash.get(EVIDENCE_KEY, {})
    evidence = {**seen, **evidence}
    result = ScenarioResult(check_id=check.args[0], task=item_task(item) or 0,
                            name=_scenario_name(item), verdict=verdict, message=str(message),
                            hint=str(hint), evidence=evidence,
                            hint_key=getattr(hint, "key", ""),
                            hint_params=dict(getattr(hint, "params", {})),
                            message_key=getattr(message, "key", ""),
                            message_params=dict(getattr(message, "params", {})))
    report.user_properties.append((RESULT_PROPERTY, result.to_dict()))
    if isinstance(call.excinfo and call.excinfo.value, LabOutcome):
        if verdict is Verdict.SKIPPED:
            report.outcome = "skipped"
            report.longrepr = (str(item.path), 0, f"Skipped: {message}")
            return report
        # The student needs the verdict and the hint, not labverify's traceback.
        lines = [f"{verdict.value}: {message}"]
        if hint:
            lines.append(f"hint: {hint}")
        report.longrepr = "\n".join(lines)
    return report


def result_from_report(report: pytest.TestReport) -> ScenarioResult | None:
    for name, value in report.user_properties:
        if name == RESULT_PROPERTY:
            return ScenarioResult.from_dict(value)
    return None


class ResultCollector:
    """A plugin object the CLI registers to gather every scenario's result."""

    def __init__(self) -> None:
        self.results: list[ScenarioResult] = []
        self.notes: list[str] = []
        self.costs: list[Any] = []
        self.reads: list[str] = []  # the distinct Azure reads the run made, in order
        self.read_timings: dict[str, tuple[float, float]] = {}
        self.final_reads: dict[str, Any] = {}
        self.paced_seconds, self.throttled = 0.0, 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = result_from_report(report)
        if result is not None:
            self.results.append(result)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        run = session.config.stash.get(RUN_KEY, None)
        if run is not None:
            self.notes = list(run.notes)
            self.costs = run.cost_lines()
            self.reads = list(run.reads.calls)
            self.read_timings = dict(run.reads.timings)
            if run.mode == "live":
                self.final_reads = run.reads.final()
            limit = run.target.read_limit
            if limit is not None:
                self.paced_seconds, self.throttled = limit.waited, limit.throttled
