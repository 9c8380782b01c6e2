"""The step-definition index finds exactly the definitions pytest-bdd's own lookup finds."""

from __future__ import annotations

from typing import Any

import pytest

from labverify import step_lookup
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import BUNDLED_SESSION, PROJECT_ROOT

CARRY_OUT_SESSION = PROJECT_ROOT / "cassettes" / "carry-out"


def test_the_lookup_is_installed_in_pytest_bdd() -> None:
    import sys

    assert step_lookup.ORIGINAL is not None
    installed = sys.modules["pytest_bdd.scenario"].find_fixturedefs_for_step
    assert installed is step_lookup.find_fixturedefs_for_step


@pytest.mark.parametrize("request_", [
    GradeRequest(session=BUNDLED_SESSION, tasks="all"),
    GradeRequest(session=CARRY_OUT_SESSION, tasks="all", carry_out=True),
], ids=["grading", "carry-out"])
def test_every_step_of_the_lab_resolves_as_pytest_bdd_would(
        request_: GradeRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[str, list[Any], list[Any]]] = []

    def both(step: Any, fixturemanager: Any, node: Any) -> Any:
        ours = list(step_lookup.find_fixturedefs_for_step(step, fixturemanager, node))
        theirs = list(step_lookup.ORIGINAL(step=step, fixturemanager=fixturemanager, node=node))
        compared.append((f"{step.keyword} {step.name}", ours, theirs))
        return iter(ours)

    import sys

    monkeypatch.setattr(sys.modules["pytest_bdd.scenario"], "find_fixturedefs_for_step", both)
    outcome = run_scenarios(request_)
    assert outcome.results, outcome.output
    assert len(compared) >= 2 * len(outcome.results)  # every scenario has steps, looked up twice
    differing = [name for name, ours, theirs in compared if ours != theirs]
    assert differing == []
    assert all(ours for _, ours, _ in compared)


def test_the_index_is_kept_per_run_and_per_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    listings: list[Any] = []
    real = step_lookup.visible_step_definitions

    def counting(fixturemanager: Any, node: Any) -> Any:
        listings.append(node.parent)
        return real(fixturemanager, node)

    monkeypatch.setattr(step_lookup, "visible_step_definitions", counting)
    outcome = run_scenarios(GradeRequest(session=BUNDLED_SESSION, tasks="all"))
    assert len(outcome.results) > 30
    # Every lab scenario lives in steps/test_lab.py: one listing for the whole run.
    assert len(listings) == 1


FEATURE = """
Feature: Overrides
  Scenario: sees the nearest definition
    Given a step defined twice
    Then the value is recorded
"""

CONFTEST = """
import pytest
from pytest_bdd import given, then

pytest_plugins = ["labverify.step_lookup"]
seen = []

@given("a step defined twice", target_fixture="value")
def _():
    return "from conftest"

@then("the value is recorded")
def _(value):
    seen.append(value)

def pytest_sessionfinish(session):
    from labverify.step_lookup import INDEX_KEY
    print("SEEN", " | ".join(sorted(seen)), "INDEXED", INDEX_KEY in session.config.stash)
"""

MODULE_A = """
from pytest_bdd import scenarios
scenarios("overrides.feature")
"""

MODULE_B = """
from pytest_bdd import given, scenarios
scenarios("overrides.feature")

@given("a step defined twice", target_fixture="value")
def _():
    return "from module b"
"""


@pytest.mark.parametrize(("plugin", "indexed"), [("", True), ("-p no:labverify.step_lookup", False)])
def test_overrides_in_a_test_module_win_only_there(
        pytester: pytest.Pytester, plugin: str, indexed: bool) -> None:
    pytester.makefile(".feature", overrides=FEATURE)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_a=MODULE_A, test_b=MODULE_B)
    args = ["-s", "-p", "no:cacheprovider"] + (plugin.split() if plugin else [])
    result = pytester.runpytest_inprocess(*args)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([f"*SEEN from conftest | from module b INDEXED {indexed}*"])


PLUGIN_MID_RUN = """
from labverify.step_lookup import INDEX_KEY

def test_a_plugin_registered_mid_run_drops_the_index(request):
    index = request.config.stash[INDEX_KEY]
    index["a parent"] = ["its definitions"]
    request.config.pluginmanager.register(object(), "late plugin")
    assert request.config.stash[INDEX_KEY] == {}
"""


def test_a_plugin_registered_mid_run_drops_the_index(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["labverify.step_lookup"]\n')
    pytester.makepyfile(test_late=PLUGIN_MID_RUN)
    pytester.runpytest_inprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)
