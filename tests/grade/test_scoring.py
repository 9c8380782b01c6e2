"""The scoring rules: one implementation, the README's table, and every verdict's effect."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from labverify.config import LabConfig, load_config
from labverify.errors import LocatedError
from labverify.features import known_check_ids, validate_tables
from labverify.grade import GRADED, IN_PROGRESS, INCOMPLETE, format_points, grade, scenario_points
from labverify.paths import PROJECT_ROOT
from labverify.report.waivers import EXPIRED, WAIVED, WaiverDecision
from labverify.verdicts import Verdict

from .conftest import TASK7, result, task7

P, F, W, E, S = Verdict.PASS, Verdict.FAIL, Verdict.IN_PROGRESS, Verdict.ERROR, Verdict.SKIPPED


def all_or_nothing(config: LabConfig) -> LabConfig:
    return dataclasses.replace(config, policy={"default": "all"})


def test_without_a_points_table_shares_are_equal(lab_config: LabConfig) -> None:
    results = [result("t1-exists", 1, P), result("t1-region", 1, F), *task7(P, P, P, P, P)]
    points = scenario_points(results, lab_config)
    assert points["t1-exists"] == points["t1-region"] == 10.0
    assert points["t7-job-inputs"] == pytest.approx(3.0)


def test_a_points_override_fixes_one_scenario_and_the_rest_share_what_is_left(
        lab_config: LabConfig, tmp_path: Path) -> None:
    path = tmp_path / "lab.toml"
    path.write_text(lab_config.path.read_text(encoding="utf-8")
                    + '\n[points]\n"t7-job-succeeded" = 7\n', encoding="utf-8")
    points = scenario_points(task7(*[P] * 5), load_config(path))
    assert points["t7-job-succeeded"] == 7.0
    assert [points[c] for c in TASK7 if c != "t7-job-succeeded"] == [2.0] * 4


@pytest.mark.parametrize("table, words", [
    ('"t7-job-succeeded" = 16\n', "add up to 16, but [tasks.7] points = 15"),
    ("".join(f'"{c}" = 2\n' for c in TASK7), "add up to 10, but [tasks.7] points = 15"),
    ('"t7-nope" = 3\n', "no scenario has this check id"),
])
def test_points_that_do_not_fit_the_features_are_located(lab_config: LabConfig, tmp_path: Path,
                                                         table: str, words: str) -> None:
    path = tmp_path / "lab.toml"
    path.write_text(lab_config.path.read_text(encoding="utf-8") + "\n[points]\n" + table,
                    encoding="utf-8")
    with pytest.raises(LocatedError) as caught:
        validate_tables(load_config(path))
    assert f"{path}:" in str(caught.value) and words in str(caught.value)
    assert set(TASK7) <= known_check_ids()


def test_pass_earns_fail_earns_nothing(lab_config: LabConfig) -> None:
    graded = grade("ann", task7(P, F, P, P, P), lab_config)
    assert graded.score == pytest.approx(12.0) and graded.max_score == pytest.approx(15.0)
    assert graded.status == GRADED and graded.final
    assert graded.tasks[0].state == "failed"


def test_could_not_verify_is_left_out_of_the_score_and_the_maximum(lab_config: LabConfig) -> None:
    graded = grade("ann", task7(P, P, E, E, P), lab_config)
    assert graded.score == pytest.approx(9.0) and graded.max_score == pytest.approx(9.0)
    assert graded.status == INCOMPLETE and not graded.final
    assert graded.status_line() == "incomplete (2 could not verify)"
    assert [s.counted for s in graded.scenarios] == [True, True, False, False, True]


def test_in_progress_earns_nothing_and_the_grade_is_not_final(lab_config: LabConfig) -> None:
    graded = grade("ann", task7(P, P, P, W, W), lab_config)
    assert graded.score == pytest.approx(9.0) and graded.max_score == pytest.approx(15.0)
    assert graded.status == IN_PROGRESS and graded.status_line() == "in progress (2 under way)"
    both = grade("ann", task7(P, E, P, W, P), lab_config)
    assert both.status_line() == "incomplete (1 could not verify; 1 under way)"


def test_skipped_is_left_out(lab_config: LabConfig) -> None:
    graded = grade("ann", task7(P, P, P, P, S), lab_config)
    assert graded.max_score == pytest.approx(12.0) and graded.status == GRADED


def test_all_or_nothing_any_fail_earns_nothing(lab_config: LabConfig) -> None:
    config = all_or_nothing(lab_config)
    assert grade("ann", task7(P, P, P, P, F), config).score == 0.0
    assert grade("ann", task7(P, P, P, P, P), config).score == pytest.approx(15.0)


def test_all_or_nothing_never_zeroes_what_could_not_be_verified(lab_config: LabConfig) -> None:
    config = all_or_nothing(lab_config)
    unverified = grade("ann", task7(P, P, P, P, E), config)
    assert unverified.score == pytest.approx(12.0) and unverified.max_score == pytest.approx(12.0)
    assert unverified.tasks[0].state == INCOMPLETE
    running = grade("ann", task7(P, P, P, W, W), config)
    assert running.score == pytest.approx(9.0) and running.tasks[0].state == IN_PROGRESS


def test_a_waived_scenario_counts_as_passed_and_an_expired_one_does_not(
        lab_config: LabConfig) -> None:
    results = task7(P, P, P, P, F)
    decision = WaiverDecision("t7-fine-tuned-model", WAIVED, "outage", "2026-12-31", "w.toml:1")
    waived = grade("ann", results, lab_config, waivers={"t7-fine-tuned-model": decision})
    assert waived.scenarios[-1].shown_verdict == "waived"
    assert waived.score == pytest.approx(15.0) and waived.tasks[0].passed
    expired = dataclasses.replace(decision, state=EXPIRED)
    late = grade("ann", results, lab_config, waivers={"t7-fine-tuned-model": expired})
    assert late.scenarios[-1].shown_verdict == "fail" and late.score == pytest.approx(12.0)
    # A waiver also covers what could not be verified: the instructor has decided.
    unverified = grade("ann", task7(P, P, P, P, E), lab_config,
                       waivers={"t7-fine-tuned-model": decision})
    assert unverified.final and unverified.score == pytest.approx(15.0)


def test_test_numbers_are_stable_positions_in_the_task(lab_config: LabConfig) -> None:
    graded = grade("ann", [result("t1-exists", 1, P), *task7(P, F, W, E, S)], lab_config)
    assert [s.number for s in graded.scenarios] == ["1.1", "7.1", "7.2", "7.3", "7.4", "7.5"]


def test_points_are_printed_with_at_most_two_decimals() -> None:
    assert [format_points(x) for x in (20.0, 20 / 7, 2.5, 0.0, -0.0001)] == \
        ["20", "2.86", "2.5", "0", "0"]


# The README's table, read back: each row's verdict and what the code does with it.
README_ROW = re.compile(r"^\| `(\w+)` \| (.+?) \| (.+?) \| (.+?) \|$", re.MULTILINE)


def test_the_readme_scoring_table_is_what_the_code_does(lab_config: LabConfig) -> None:
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    rows = {verdict: (earns, counted, status) for verdict, earns, counted, status
            in README_ROW.findall(text[text.index("### Scoring"):])}
    assert set(rows) == {"pass", "fail", "in_progress", "error", "skipped", "waived"}
    for verdict, (earns, counted, status) in rows.items():
        if verdict == "waived":
            decision = WaiverDecision("t7-fine-tuned-model", WAIVED, "x", "2026-12-31", "w:1")
            graded = grade("ann", task7(P, P, P, P, F), lab_config,
                           waivers={"t7-fine-tuned-model": decision})
        else:
            graded = grade("ann", task7(P, P, P, P, Verdict(verdict)), lab_config)
        last = graded.scenarios[-1]
        assert earns == ("its points" if last.earned else "0"), verdict
        assert counted == ("yes" if last.counted else "no"), verdict
        assert status == graded.status.replace("_", " "), verdict
