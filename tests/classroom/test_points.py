"""Points per scenario and task, [points] overrides, [policy] all/partial, and waivers' credit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from labverify.config import LabConfig, load_config
from labverify.errors import LocatedError
from labverify.report import gradescope
from labverify.report.points import (
    format_points,
    grade,
    known_check_ids,
    scenario_points,
    task_policy,
    validate_tables,
)
from labverify.report.waivers import EXPIRED, WAIVED, WaiverDecision
from labverify.verdicts import ScenarioResult, Verdict

from .conftest import result

TASK7 = ("t7-training-file", "t7-validation-file", "t7-job-inputs", "t7-job-succeeded",
         "t7-fine-tuned-model")


def with_tables(config: LabConfig, tmp_path: Path, text: str) -> LabConfig:
    """The lab config plus the tables in ``text``, read from a file as labverify reads it."""
    path = tmp_path / "lab.toml"
    path.write_text(config.path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return load_config(path)


def task7(*verdicts: Verdict) -> list[ScenarioResult]:
    return [result(check, 7, v) for check, v in zip(TASK7, verdicts, strict=True)]


def test_without_a_points_table_shares_are_equal_and_match_the_single_grading(
        lab_config: LabConfig, five_verdicts: list[ScenarioResult]) -> None:
    points = scenario_points(five_verdicts, lab_config)
    assert points == gradescope.scenario_points(five_verdicts, lab_config)
    assert points["t1-exists"] == points["t1-region"] == 10.0
    assert points["t7-job-inputs"] == pytest.approx(3.0)


def test_a_points_override_fixes_one_scenario_and_the_rest_share_what_is_left(
        lab_config: LabConfig, tmp_path: Path) -> None:
    config = with_tables(lab_config, tmp_path, '[points]\n"t7-job-succeeded" = 7\n')
    points = scenario_points(task7(*[Verdict.PASS] * 5), config)
    assert points["t7-job-succeeded"] == 7.0
    assert [points[c] for c in TASK7 if c != "t7-job-succeeded"] == [2.0] * 4
    assert sum(points.values()) == pytest.approx(15.0)


def test_overrides_beyond_the_tasks_points_are_a_located_error(
        lab_config: LabConfig, tmp_path: Path) -> None:
    config = with_tables(lab_config, tmp_path, '[points]\n"t7-job-succeeded" = 16\n')
    with pytest.raises(LocatedError) as caught:
        validate_tables(config)
    message = str(caught.value)
    line = config.path.read_text().splitlines().index('"t7-job-succeeded" = 16') + 1
    assert message.startswith(f"{config.path}:{line}: points.t7-job-succeeded:")
    assert "add up to 16, but [tasks.7] points = 15" in message


def test_overrides_of_every_scenario_must_add_up_to_the_task(
        lab_config: LabConfig, tmp_path: Path) -> None:
    table = "".join(f'"{check}" = 2\n' for check in TASK7)
    config = with_tables(lab_config, tmp_path, "[points]\n" + table)
    with pytest.raises(LocatedError, match="add up to 10"):
        validate_tables(config)
    # The grading itself refuses them too, rather than sharing out what is not there.
    with pytest.raises(LocatedError, match="add up to 10"):
        scenario_points(task7(*[Verdict.PASS] * 5), config)


@pytest.mark.parametrize("tables, words", [
    ('[points]\n"t7-nope" = 3\n', ':3: points.t7-nope: no scenario has this check id'),
    ('[points]\n"t7-job-succeeded" = -1\n', ":3: points.t7-job-succeeded: must be at least 0"),
    ('[points]\n"t7-job-succeeded" = true\n', "points.t7-job-succeeded: must be a number, not a "
                                              "boolean"),
    ('[policy]\n7 = "most"\n', ":3: policy.7: 'most' is not one of: partial, all"),
    ('[policy]\n42 = "all"\n', ":3: policy.42: there is no [tasks.42] table"),
    ('[policy]\nseven = "all"\n', ':3: policy.seven: not a valid key here ("default" or a task '
                                  'number)'),
    ("points = 5\n", "points: must be a table, not an integer"),
])
def test_bad_tables_are_rejected_with_the_key(lab_config: LabConfig, tables: str, words: str,
                                              tmp_path: Path) -> None:
    path = tmp_path / "lab.toml"
    # At the top of the file, so that a table stays a table.
    path.write_text("# a variant\n" + tables + lab_config.path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        validate_tables(load_config(path))
    assert f"{path}:" in str(caught.value) and words in str(caught.value)


def test_the_shipped_config_and_check_ids_are_valid(lab_config: LabConfig) -> None:
    validate_tables(lab_config)
    assert set(TASK7) <= known_check_ids()
    assert task_policy(lab_config, 7) == "partial"


def test_partial_policy_gives_each_passed_scenario_its_points(lab_config: LabConfig) -> None:
    graded = grade("ann", task7(Verdict.PASS, Verdict.PASS, Verdict.FAIL, Verdict.PASS,
                                Verdict.IN_PROGRESS), lab_config)
    (task,) = graded.tasks
    assert task.policy == "partial" and not task.passed
    assert task.earned == pytest.approx(9.0) and task.points == pytest.approx(15.0)


def test_all_policy_gives_nothing_unless_every_scenario_passed(lab_config: LabConfig) -> None:
    config = dataclasses.replace(lab_config, raw={**lab_config.raw,
                                                  "policy": {"default": "all"}})
    one_miss = grade("ann", task7(*[Verdict.PASS] * 4, Verdict.ERROR), config)
    assert one_miss.tasks[0].earned == 0.0 and not one_miss.tasks[0].passed
    assert all(s.earned == 0.0 for s in one_miss.scenarios)
    every = grade("ann", task7(*[Verdict.PASS] * 5), config)
    assert every.score == pytest.approx(15.0) and every.tasks[0].passed


def test_a_waived_scenario_earns_its_points_and_an_expired_one_does_not(
        lab_config: LabConfig) -> None:
    results = task7(*[Verdict.PASS] * 4, Verdict.FAIL)
    decision = WaiverDecision("t7-fine-tuned-model", WAIVED, "outage", "2026-12-31", "w.toml:1")
    waived = grade("ann", results, lab_config, waivers={"t7-fine-tuned-model": decision})
    scenario = waived.scenarios[-1]
    assert scenario.shown_verdict == "waived" and scenario.earned == pytest.approx(3.0)
    assert waived.tasks[0].passed and waived.score == pytest.approx(15.0)
    expired = dataclasses.replace(decision, state=EXPIRED)
    late = grade("ann", results, lab_config, waivers={"t7-fine-tuned-model": expired})
    assert late.scenarios[-1].shown_verdict == "fail" and late.score == pytest.approx(12.0)
    assert not late.tasks[0].passed


def test_points_are_printed_with_at_most_two_decimals() -> None:
    assert [format_points(x) for x in (20.0, 20 / 7, 2.5, 0.0, -0.0001)] == \
        ["20", "2.86", "2.5", "0", "0"]
