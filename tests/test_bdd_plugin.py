"""A grading's own pytest-bdd plugin keeps every part of pytest-bdd's that a grading relies on."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from pytest_bdd import plugin as pytest_bdd_plugin

from labverify import bdd_plugin, grading
from labverify.batch import normalize_cucumber
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import BUNDLED_SESSION, PROJECT_ROOT

# pytest-bdd's hooks a grading leaves out, and why.
LEFT_OUT = {
    # --generate-missing, the step code generator
    "pytest_cmdline_main",
    # the "trace" step, which enters the debugger: a grading runs none
    "pytestbdd_stepdef_given_trace", "pytestbdd_stepdef_when_trace", "pytestbdd_stepdef_then_trace",
}


def _parts(module: object) -> set[str]:
    """A plugin module's hooks and fixtures, by name."""
    names = set()
    for name, value in vars(module).items():
        if name.startswith("pytest_") and inspect.isfunction(value):
            names.add(name)
        elif type(value).__name__ == "FixtureFunctionDefinition":  # a fixture, steps' included
            names.add(name)
    return names


def test_each_part_of_pytest_bdds_plugin_is_kept_or_left_out_by_name() -> None:
    theirs, ours = _parts(pytest_bdd_plugin), _parts(bdd_plugin)
    assert "_pytest_bdd_example" in theirs and "pytest_configure" in theirs
    assert theirs - LEFT_OUT == ours
    assert not LEFT_OUT - theirs, "a hook named as left out is no longer pytest-bdd's"


def test_a_grading_never_imports_the_code_generator() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom labverify.grading import GradeRequest, run_scenarios\n"
            f"run_scenarios(GradeRequest(session={str(BUNDLED_SESSION)!r}))\n"
            "print(sorted(n for n in sys.modules if n.startswith(('mako', 'pytest_bdd.generation'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _graded(request_: GradeRequest) -> list[tuple[object, ...]]:
    outcome = run_scenarios(request_)
    assert outcome.results, outcome.output
    return [(r.check_id, r.verdict, r.message, r.hint, r.evidence) for r in outcome.results]


@pytest.mark.parametrize("request_", [
    GradeRequest(session=BUNDLED_SESSION),
    GradeRequest(session=PROJECT_ROOT / "cassettes" / "t1-wrong-region"),
    GradeRequest(session=PROJECT_ROOT / "cassettes" / "t7-job-cancelled"),
    GradeRequest(session=PROJECT_ROOT / "cassettes" / "carry-out", tasks="all", carry_out=True),
], ids=["complete", "t1-wrong-region", "t7-job-cancelled", "carry-out"])
def test_a_grading_grades_the_same_with_pytest_bdds_own_plugin(
        request_: GradeRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = _graded(request_)
    monkeypatch.setattr(grading, "bdd_plugin", pytest_bdd_plugin)
    assert _graded(request_) == ours


def test_a_gradings_cucumber_json_is_pytest_bdds_own(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Class gradings write pytest-bdd's Cucumber JSON; it comes out the same with either plugin.
    def cucumber(name: str) -> str:
        raw, clean = tmp_path / f"{name}.raw", tmp_path / f"{name}.json"
        outcome = run_scenarios(GradeRequest(session=BUNDLED_SESSION,
                                             extra_args=("--cucumberjson", str(raw))))
        assert outcome.exit_code == 0, outcome.output
        normalize_cucumber(raw, clean)
        return clean.read_text(encoding="utf-8")

    ours = cucumber("ours")
    assert '"steps"' in ours and '"passed"' in ours
    monkeypatch.setattr(grading, "bdd_plugin", pytest_bdd_plugin)
    assert cucumber("theirs") == ours
