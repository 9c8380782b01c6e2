"""A class is graded from its roster and sessions: one-student options are refused, and the
grader's own machine never stands in for a student's (tasks 4-6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from labverify import batch
from labverify.batch import BatchSettings, Student
from labverify.cli import build_parser
from labverify.commands.classroom import SINGLE_STUDENT_OPTIONS, run_batch
from labverify.config import load_config
from labverify.errors import LabverifyError
from labverify.grading import GradeOutcome, GradeRequest, run_scenarios
from labverify.local.facts import MachineFacts
from labverify.options import RunOptions
from labverify.paths import PROJECT_ROOT
from labverify.run import LabRun

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
FLAG_VALUES = {"--record": ["rec"], "--json": ["r.json"], "--world": ["w.toml"],
               "--subscription": ["0000"], "--principal": ["1111"],
               "--student-python": ["py"], "--labfiles": ["lab"]}


@pytest.mark.parametrize("flag", [flag for _, flag, _ in SINGLE_STUDENT_OPTIONS])
def test_every_one_student_option_is_refused_for_a_class(flag: str, tmp_path: Path) -> None:
    argv = ["grade", "s1", "s2", flag, *FLAG_VALUES.get(flag, [])]
    args = build_parser().parse_args(argv)
    with pytest.raises(LabverifyError, match=f"^{flag} is for grading one student; "):
        run_batch(args, Console(file=None))


def test_the_refusals_cover_every_one_student_option_of_grade() -> None:
    grade = build_parser()._subparsers._group_actions[0].choices["grade"]  # type: ignore[union-attr]
    class_options = {"roster", "out", "shard", "jobs", "waivers", "as_of", "formats"}
    shared = {"session", "tasks", "lab_config", "lang", "wait_seconds", "help"}
    refused = {name for name, _, _ in SINGLE_STUDENT_OPTIONS}
    dests = {action.dest for action in grade._actions}
    assert dests - class_options - shared == refused


def test_a_live_row_is_graded_as_a_remote_student_and_waits_as_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[GradeRequest] = []

    def record(request: GradeRequest, **_: Any) -> GradeOutcome:
        seen.append(request)
        return GradeOutcome(results=[], exit_code=5, output="")

    monkeypatch.setattr(batch, "run_scenarios", record)
    student = Student(name="ana", where="roster.csv:2", world=WORLDS / "complete.toml")
    batch.grade_student(student, BatchSettings(out_dir=tmp_path, wait_seconds=90))
    assert [(r.mode, r.remote_student, r.wait_seconds) for r in seen] == [("live", True, 90)]


def test_a_remote_student_s_machine_is_never_probed() -> None:
    calls: list[str] = []
    facts = MachineFacts("live", None, labfiles=None, student_python=None, remote=True)
    assert facts.get("interpreter", lambda: calls.append("probed")) is None
    assert facts.labfiles() is None
    assert calls == []
    here = MachineFacts("live", None, labfiles=None, student_python=None)
    here.get("interpreter", lambda: calls.append("probed"))
    assert calls == ["probed"]  # the control: a self-check does look at this machine


def test_a_remote_student_without_stated_facts_gets_could_not_verify(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the grader's machine was probed for a remote student")

    monkeypatch.setattr("labverify.content.steps.task4_libraries.probe_interpreter", never)
    monkeypatch.setattr(MachineFacts, "__init__", _without_stated(MachineFacts.__init__))
    outcome = run_scenarios(GradeRequest(mode="live", world=WORLDS / "complete.toml",
                                         tasks="4,5,6", remote_student=True))
    assert outcome.results, outcome.output
    assert {r.verdict.value for r in outcome.results} == {"error"}, outcome.output
    assert {r.hint_key for r in outcome.results} == {"machine.no_facts"}


def test_a_remote_student_s_stated_facts_are_used() -> None:
    run = LabRun(load_config(None), RunOptions(mode="live", world=WORLDS / "complete.toml",
                                               remote_student=True))
    try:
        assert run.machine.remote
        assert run.machine.get("interpreter", lambda: None) is not None
        assert run.machine.labfiles() is not None
    finally:
        run.finish()


def _without_stated(init: Any) -> Any:
    """MachineFacts as for a live Azure student: nothing stated by a world file."""
    def patched(self: MachineFacts, *args: Any, **kwargs: Any) -> None:
        kwargs["stated"] = None
        if "labfiles" in kwargs and kwargs.get("remote"):
            kwargs["labfiles"] = None
        init(self, *args, **kwargs)
    return patched
