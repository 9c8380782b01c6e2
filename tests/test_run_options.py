"""Every run option is defined once and reaches the run inside pytest unchanged."""

from __future__ import annotations

import dataclasses
import io
from contextlib import redirect_stdout
from datetime import UTC, datetime
from pathlib import Path

import pytest

from labverify.cli import build_parser
from labverify.grading import GradeRequest, lab_plugins, pytest_args
from labverify.options import OPTIONS, OptionsPlugin, RunOptions
from labverify.pytest_plugin import OPTIONS_KEY
from labverify.run import resolved

NOT_DEFAULTS = {"mode": "live", "session": Path("some/session"), "world": Path("w.toml"),
                "subscription_id": "sub", "principal_id": "pid", "force": True,
                "student_python": "py3", "labfiles": Path("Labfiles"), "carry_out": True,
                "wait_seconds": 90.5, "remote_student": True, "tasks": "1,3",
                "lab_config": None, "lang": "zh-TW",
                "world_at": datetime(2026, 11, 20, 10, 30, tzinfo=UTC), "budget_seconds": 12.5,
                "pace_reads": True}


def test_the_option_table_covers_every_run_option_once() -> None:
    names = [o.field for o in OPTIONS]
    assert sorted(names) == sorted(f.name for f in dataclasses.fields(RunOptions))
    assert set(NOT_DEFAULTS) == set(names)
    assert len({o.pytest_flag for o in OPTIONS}) == len(OPTIONS)


def _seen_by_the_plugin(args: list[str], plugins: list[object]) -> list[RunOptions]:
    """What the plugin's stash holds once pytest is configured with ``args``."""
    seen: list[RunOptions] = []

    class Capture:
        @pytest.hookimpl(trylast=True)
        def pytest_configure(self, config: pytest.Config) -> None:
            seen.append(config.stash[OPTIONS_KEY])

    with redirect_stdout(io.StringIO()):
        pytest.main([*args, "--collect-only"], plugins=[Capture(), *plugins])
    return seen


@pytest.mark.parametrize("values", [NOT_DEFAULTS, {"mode": "live"}], ids=["every-option",
                                                                         "defaults"])
def test_a_request_reaches_the_plugin_as_an_object(values: dict) -> None:
    request = GradeRequest(**values)
    args = pytest_args(request)
    assert not any(a.startswith("--lab-") for a in args)  # nothing goes through argv
    # The plugin settles what was left open (the language: LABVERIFY_LANG, here "en").
    assert _seen_by_the_plugin(args, lab_plugins(request)) == [resolved(request.run_part())]
    assert isinstance(lab_plugins(request)[0], OptionsPlugin)


def test_pytest_s_own_flags_are_generated_from_the_table() -> None:
    argv = []
    for option in OPTIONS:
        value = NOT_DEFAULTS[option.field]
        if value is None or value is False:
            continue
        argv += [option.pytest_flag] if value is True else [option.pytest_flag, str(value)]
    request = GradeRequest(mode="live")
    no_object = lab_plugins(request)[1:]  # pytest-bdd and labverify, no options object
    seen = _seen_by_the_plugin([*pytest_args(request), *argv], no_object)
    assert seen == [RunOptions(**NOT_DEFAULTS)]


def test_the_grade_command_s_flags_are_generated_from_the_table() -> None:
    grade = build_parser()._subparsers._group_actions[0].choices["grade"]
    flags = {flag for action in grade._actions for flag in action.option_strings}
    for option in OPTIONS:
        if option.cli_flag is not None:
            assert option.cli_flag in flags
            action = next(a for a in grade._actions if option.cli_flag in a.option_strings)
            assert action.dest == option.field
