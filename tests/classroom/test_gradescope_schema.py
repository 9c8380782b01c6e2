"""results.json holds only the fields Gradescope documents, with the documented types and values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labverify.config import LabConfig
from labverify.grade import grade
from labverify.report.gradescope import gradescope_problems
from labverify.report.results import results_document
from labverify.report.waivers import EXPIRED, WAIVED, WaiverDecision
from labverify.verdicts import ScenarioResult

from .conftest import CLASS

# Gradescope's autograder specification ("Output format"), top level and per test.
DOCUMENTED_TOP = {"score", "max_score", "execution_time", "output", "output_format",
                  "test_output_format", "test_name_format", "visibility", "stdout_visibility",
                  "extra_data", "tests", "leaderboard"}
DOCUMENTED_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
                   "output_format", "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}


def assert_documented(doc: dict) -> None:
    assert set(doc) <= DOCUMENTED_TOP, set(doc) - DOCUMENTED_TOP
    assert isinstance(doc["score"], (int, float)) and not isinstance(doc["score"], bool)
    assert isinstance(doc["max_score"], (int, float))
    assert isinstance(doc["output"], str) and isinstance(doc["extra_data"], dict)
    assert doc["visibility"] in VISIBILITY and doc["stdout_visibility"] in VISIBILITY
    assert doc["output_format"] in FORMATS
    assert isinstance(doc["tests"], list) and doc["tests"]
    numbers = set()
    for test in doc["tests"]:
        assert set(test) <= DOCUMENTED_TEST, set(test) - DOCUMENTED_TEST
        for key in ("score", "max_score"):
            assert isinstance(test[key], (int, float)) and not isinstance(test[key], bool)
        assert test["status"] in {"passed", "failed"}
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["number"], str) and test["number"] not in numbers
        numbers.add(test["number"])
        assert test["name_format"] in FORMATS and test["output_format"] in FORMATS
        assert isinstance(test["tags"], list) and all(isinstance(t, str) for t in test["tags"])
        assert test["visibility"] in VISIBILITY and isinstance(test["extra_data"], dict)
        assert 0 <= test["score"] <= test["max_score"]
    # Gradescope shows the top-level score; it must be what the tests add up to.
    assert doc["score"] == pytest.approx(sum(t["score"] for t in doc["tests"]), abs=0.01)
    assert doc["max_score"] == pytest.approx(sum(t["max_score"] for t in doc["tests"]), abs=0.01)


@pytest.mark.parametrize("student", CLASS)
def test_every_graded_student_s_results_use_only_documented_fields(graded_class: Path,
                                                                   student: str) -> None:
    doc = json.loads((graded_class / "students" / student / "results.json")
                     .read_text(encoding="utf-8"))
    assert_documented(doc)
    assert gradescope_problems(doc) == []
    assert doc["extra_data"]["provenance"]["session"] == student
    assert {t["extra_data"]["check"] for t in doc["tests"]}  # labverify's own data is kept


def test_every_verdict_waived_and_expired_still_validate(
        lab_config: LabConfig, five_verdicts: list[ScenarioResult]) -> None:
    waivers = {"t1-region": WaiverDecision("t1-region", WAIVED, "capacity", "2026-12-31", "w:1"),
               "t7-job-succeeded": WaiverDecision("t7-job-succeeded", EXPIRED, "outage",
                                                  "2026-01-01", "w:2")}
    doc = results_document(grade("ann", five_verdicts, lab_config, waivers=waivers,
                                   provenance={"mode": "replay"}))
    assert_documented(doc)
    assert gradescope_problems(doc) == []
    statuses = {t["extra_data"]["check"]: t["status"] for t in doc["tests"]}
    assert statuses == {"t1-exists": "passed", "t1-region": "passed",
                        "t7-training-file": "passed", "t7-validation-file": "failed",
                        "t7-job-inputs": "failed", "t7-job-succeeded": "failed",
                        "t7-fine-tuned-model": "failed"}


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["tests"][0].update(task=1), "tests[0].task: not a field Gradescope documents"),
    (lambda d: d.update(verdict="pass"), "results.verdict: not a field Gradescope documents"),
    (lambda d: d["tests"][0].update(score="1"), "tests[0].score: wrong type str"),
    (lambda d: d["tests"][0].update(status="error"), "tests[0].status: 'error' is not one of"),
    (lambda d: d.update(visibility="public"), "results.visibility: 'public' is not one of"),
    (lambda d: d["tests"][0].update(tags=[1]), "tests[0].tags: must be strings"),
    (lambda d: d.update(leaderboard=[{"name": "x", "value": 1, "rank": 2}]),
     "leaderboard[0].rank: not a field"),
])
def test_the_validator_names_each_departure(lab_config: LabConfig,
                                            five_verdicts: list[ScenarioResult],
                                            mutate, words: str) -> None:
    doc = results_document(grade("ann", five_verdicts, lab_config))
    mutate(doc)
    assert any(words in p for p in gradescope_problems(doc)), gradescope_problems(doc)
