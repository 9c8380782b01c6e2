"""Every run option a grading asks for reaches the run inside pytest unchanged."""

from __future__ import annotations

import dataclasses
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from labverify.grading import GradeRequest, pytest_args
from labverify.pytest_plugin import RUN_OPTION_FLAGS, run_options_from
from labverify.run import RunOptions

NOT_DEFAULTS = {"mode": "live", "session": Path("some/session"), "world": Path("w.toml"),
                "subscription_id": "sub", "principal_id": "pid", "force": True,
                "student_python": "py3", "labfiles": Path("Labfiles"), "carry_out": True,
                "wait_seconds": 90.5, "remote_student": True}


def test_the_flag_table_covers_every_run_option() -> None:
    names = {f.name for f in dataclasses.fields(RunOptions)}
    assert set(RUN_OPTION_FLAGS) == names == set(NOT_DEFAULTS)


@pytest.mark.parametrize("values", [NOT_DEFAULTS, {}], ids=["every-option", "defaults"])
def test_a_request_round_trips_through_pytest_s_command_line(values: dict) -> None:
    request = GradeRequest(**values, tasks="1")
    seen: list[RunOptions] = []

    class Capture:
        @pytest.hookimpl(trylast=True)
        def pytest_configure(self, config: pytest.Config) -> None:
            seen.append(run_options_from(config))

    with redirect_stdout(io.StringIO()):
        pytest.main([*pytest_args(request), "--collect-only"], plugins=[Capture()])
    expected = RunOptions(**{f.name: getattr(request, f.name)
                             for f in dataclasses.fields(RunOptions)})
    assert seen == [expected]
