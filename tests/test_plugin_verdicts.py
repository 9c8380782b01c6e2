"""The plugin turns how a scenario ends into one of the five verdicts."""

from __future__ import annotations

import pytest

from labverify.pytest_plugin import ResultCollector

FEATURE = '''
@task1
Feature: Verdicts
  @check:v-pass
  Scenario: passes
    Then it ends with "pass"
  @check:v-fail
  Scenario: fails
    Then it ends with "fail"
  @check:v-progress
  Scenario: in progress
    Then it ends with "in_progress"
  @check:v-error
  Scenario: could not verify
    Then it ends with "error"
  @check:v-skipped
  Scenario: not graded
    Then it ends with "skipped"
  @check:v-bug
  Scenario: a bug in a step
    Then it ends with "bug"
  @check:v-setup
  Scenario: a fixture that breaks
    Given a broken fixture
'''

STEPS = '''
import pytest
from pytest_bdd import given, parsers, scenarios, then
from labverify.verdicts import CouldNotVerify, LabFail, LabInProgress, NotGraded

scenarios("verdicts.feature")

@pytest.fixture
def broken():
    raise LabFail("the fixture saw a missing resource", hint="create it")

@given("a broken fixture")
def _(broken):
    pass

@then(parsers.parse('it ends with "{how}"'))
def _(how, scenario_evidence):
    scenario_evidence["seen"] = how
    if how == "fail":
        raise LabFail("wrong region", hint="recreate it", evidence={"seen": "eastus"})
    if how == "in_progress":
        raise LabInProgress("still creating")
    if how == "error":
        raise CouldNotVerify("throttled")
    if how == "skipped":
        raise NotGraded("carry-out only")
    if how == "bug":
        raise KeyError("oops")
'''



def test_each_way_a_scenario_ends_gives_its_verdict(pytester: pytest.Pytester) -> None:
    pytester.makefile(".feature", verdicts=FEATURE)
    pytester.makepyfile(test_verdicts=STEPS)
    collector = ResultCollector()
    # labverify's plugin comes by its entry point; this folder's own scenarios are named.
    run = pytester.inline_run(str(pytester.path), "--lab-tasks", "1", "-p", "no:cacheprovider",
                              plugins=[collector])
    passed, skipped, failed = run.listoutcomes()
    assert (len(passed), len(skipped), len(failed)) == (1, 1, 5)
    got = {r.check_id: r for r in collector.results}
    assert {k: v.verdict.value for k, v in got.items()} == {
        "v-pass": "pass", "v-fail": "fail", "v-progress": "in_progress", "v-error": "error",
        "v-skipped": "skipped", "v-bug": "error", "v-setup": "fail"}
    assert got["v-fail"].hint == "recreate it"
    assert got["v-fail"].evidence == {"seen": "eastus"}
    assert got["v-pass"].evidence == {"seen": "pass"}
    assert "KeyError" in got["v-bug"].message and got["v-bug"].task == 1
    assert got["v-setup"].message == "the fixture saw a missing resource"
