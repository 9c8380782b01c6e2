"""The pytest plugin: lab options, task selection, tags, and a verdict on every scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from . import cli_args
from .config import load_config
from .errors import LabverifyError
from .recording import netblock
from .report.points import validate_tables
from .run import LabRun, RunOptions
from .tasks import parse_tasks
from .verdicts import LabOutcome, ScenarioResult, Verdict

RUN_KEY = pytest.StashKey["LabRun | None"]()
CONFIG_KEY = pytest.StashKey[Any]()
BLOCK_KEY = pytest.StashKey[bool]()
EVIDENCE_KEY = pytest.StashKey[dict]()
COMPLETE_KEY = pytest.StashKey[bool]()
RESULT_PROPERTY = "lab_result"
TASK_NUMBERS = range(1, 11)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("labverify", "lab verification")
    group.addoption("--lab-mode", choices=("replay", "live", "record"), default="replay",
                    help="replay a recorded session (default), check live Azure, or check "
                         "live Azure and record a session")
    group.addoption("--lab-session", type=Path, default=None,
                    help="recorded session directory to replay or write "
                         "(default for replay: cassettes/complete)")
    group.addoption("--lab-config", type=Path, default=None, help="lab configuration TOML")
    group.addoption("--lab-world", type=Path, default=None,
                    help="in live or record mode, talk to the local Azure double serving this "
                         "world file instead of Azure")
    group.addoption("--lab-tasks", default=None, type=cli_args.task_spec,
                    help="tasks to grade, e.g. 1,2,7-9 (default: the config's default_tasks)")
    group.addoption("--lab-subscription", default=None, help="subscription id (live/record)")
    group.addoption("--lab-principal", default=None,
                    help="object id of the student whose roles are checked (live/record)")
    group.addoption("--student-python", default=None,
                    help="task 4: the student's Python interpreter (default: python on PATH)")
    group.addoption("--labfiles", type=Path, default=None,
                    help="task 6: the lab folder holding the dataset files "
                         "(default: the config's folder, ~/Labfiles off Windows)")
    group.addoption("--carry-out", action="store_true",
                    help="carry the lab's Azure actions out (upload, fine-tune, deploy, chat, "
                         "delete) instead of grading; runs only the carry_out scenarios")
    group.addoption("--lab-wait", type=cli_args.seconds, default=0.0, metavar="SECONDS",
                    help="wait up to SECONDS for a fine-tuning job or deployment in progress")
    group.addoption("--lab-force", action="store_true",
                    help="record mode: replace an existing session")
    group.addoption("--lab-remote-student", action="store_true",
                    help="live: the student works on another machine; tasks 4-6 use only what "
                         "a world file states, never this machine")


def pytest_configure(config: pytest.Config) -> None:
    for number in TASK_NUMBERS:
        config.addinivalue_line("markers", f"task{number}: lab task {number}")
    config.addinivalue_line("markers", "lab_check(id): the stable id of a lab check")
    config.addinivalue_line("markers", "carry_out: a scenario that performs a lab action")
    try:
        lab_config = load_config(config.getoption("--lab-config"))
        validate_tables(lab_config)
    except LabverifyError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[CONFIG_KEY] = lab_config
    config.stash[RUN_KEY] = None
    # Installed here, not in a fixture, so that session-scoped code is covered too.
    replaying = config.getoption("--lab-mode") == "replay"
    config.stash[BLOCK_KEY] = replaying and not netblock.is_installed()
    if config.stash[BLOCK_KEY]:
        netblock.install()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A recording is kept only when the run was not cut short.
    config = session.config
    config.stash[COMPLETE_KEY] = exitstatus not in (pytest.ExitCode.INTERRUPTED,
                                                    pytest.ExitCode.INTERNAL_ERROR,
                                                    pytest.ExitCode.USAGE_ERROR)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.finish(complete=config.stash.get(COMPLETE_KEY, False))
    if config.stash.get(BLOCK_KEY, False):
        netblock.uninstall()


# Each field of RunOptions and the pytest option that carries it: the one table both
# directions use (labverify.grading.pytest_args writes them, run_options_from reads them).
RUN_OPTION_FLAGS: dict[str, str] = {
    "mode": "--lab-mode", "session": "--lab-session", "world": "--lab-world",
    "subscription_id": "--lab-subscription", "principal_id": "--lab-principal",
    "force": "--lab-force", "student_python": "--student-python", "labfiles": "--labfiles",
    "carry_out": "--carry-out", "wait_seconds": "--lab-wait",
    "remote_student": "--lab-remote-student",
}


def run_options_from(config: pytest.Config) -> RunOptions:
    return RunOptions(**{name: config.getoption(flag) for name, flag in RUN_OPTION_FLAGS.items()})


def lab_run_for(config: pytest.Config) -> LabRun:
    """The run's LabRun, made on first use so that a run of unit tests never needs one."""
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        run = LabRun(config.stash[CONFIG_KEY], run_options_from(config))
        config.stash[RUN_KEY] = run
    return run


def pytest_bdd_apply_tag(tag: str, function: Any) -> Any:
    if tag.startswith("check:"):
        pytest.mark.lab_check(tag.split(":", 1)[1])(function)
        return True
    return None


def item_task(item: pytest.Item) -> int | None:
    for number in TASK_NUMBERS:
        if item.get_closest_marker(f"task{number}") is not None:
            return number
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    lab_config = config.stash[CONFIG_KEY]
    try:
        wanted = parse_tasks(config.getoption("--lab-tasks"), lab_config)
    except LabverifyError as exc:
        raise pytest.UsageError(str(exc)) from None
    carrying_out = config.getoption("--carry-out")
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
    if config.getoption("--lab-mode") == "record" and any(item_task(i) for i in items):
        # Where a recording goes is settled before anything runs: a refused folder is a
        # usage error, not a verdict on every scenario.
        try:
            lab_run_for(config)
        except LabverifyError as exc:
            raise pytest.UsageError(str(exc)) from None


def _scenario_name(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or item.name
    return doc.split(": ", 1)[-1]


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
        return (Verdict.ERROR, str(exc),
                "Fix what the message names, then grade again.", {})
    # Anything else is a fault of labverify or of the session, never the student's.
    return (Verdict.ERROR, f"{type(exc).__name__}: {exc}",
            "labverify itself failed here; please report it with this message.", {})


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
                            name=_scenario_name(item), verdict=verdict, message=message,
                            hint=str(hint), evidence=evidence,
                            hint_key=getattr(hint, "key", ""),
                            hint_params=dict(getattr(hint, "params", {})))
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
            return ScenarioResult(check_id=value["check"], task=value["task"],
                                  name=value["name"], verdict=Verdict(value["verdict"]),
                                  message=value["message"], hint=value["hint"],
                                  evidence=value["evidence"],
                                  hint_key=value.get("hint_key", ""),
                                  hint_params=value.get("hint_params", {}))
    return None


class ResultCollector:
    """A plugin object the CLI registers to gather every scenario's result."""

    def __init__(self) -> None:
        self.results: list[ScenarioResult] = []
        self.notes: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        result = result_from_report(report)
        if result is not None:
            self.results.append(result)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        run = session.config.stash.get(RUN_KEY, None)
        if run is not None:
            self.notes = list(run.notes)
