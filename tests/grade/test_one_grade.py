"""One grade per student: the self-check, the class grading and every file agree, and every
results file is valid Gradescope and valid against the schema labverify ships."""

from __future__ import annotations

import csv
import io
import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import pytest

from labverify.cli import main
from labverify.config import DEFAULT_CONFIG
from labverify.paths import PACKAGE_DIR, SESSIONS_DIR
from labverify.report.gradescope import gradescope_problems

SCHEMA = PACKAGE_DIR / "schemas" / "results.schema.json"
SESSIONS = sorted(p.name for p in SESSIONS_DIR.iterdir() if (p / "session.json").is_file())
# A variant: task 1 and task 7 all-or-nothing, and scenarios with their own points.
VARIANT_TABLES = """
[points]
"t1-region" = 8
"t7-job-succeeded" = 7
"t3-keys" = 6

[policy]
default = "partial"
1 = "all"
7 = "all"
"""
SCORE_LINE = re.compile(r"^Score: ([0-9.]+) / ([0-9.]+)$", re.MULTILINE)


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def assert_valid(path: Path) -> dict:
    doc = json.loads(path.read_text(encoding="utf-8"))
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, f"{path}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    assert gradescope_problems(doc) == [], path
    return doc


@pytest.fixture(scope="module", params=["shipped", "variant"])
def config(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "shipped":
        return DEFAULT_CONFIG
    path = tmp_path_factory.mktemp("config") / "variant.toml"
    path.write_text(DEFAULT_CONFIG.read_text(encoding="utf-8") + VARIANT_TABLES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def class_grades(config: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("class") / "grades"
    code = main(["grade", *(str(SESSIONS_DIR / s) for s in SESSIONS), "--out", str(out),
                 "--lab-config", str(config), "--tasks", "all", "--jobs", "2"])
    assert code == 0
    return out


def test_every_bundled_session_gets_one_grade_everywhere(
        config: Path, class_grades: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    book = {row["student"]: row for row in csv.DictReader(io.StringIO(
        (class_grades / "gradebook.csv").read_text(encoding="utf-8")))}
    assert sorted(book) == SESSIONS
    for name in SESSIONS:
        alone = tmp_path / f"{name}.json"
        main(["grade", str(SESSIONS_DIR / name), "--tasks", "all", "--lab-config", str(config),
              "--json", str(alone)])
        printed = SCORE_LINE.findall(capsys.readouterr().out)
        mine = assert_valid(alone)
        theirs = assert_valid(class_grades / "students" / name / "results.json")
        # The student's own check and the instructor's class grading: the same grade.
        assert (mine["score"], mine["max_score"]) == (theirs["score"], theirs["max_score"]), name
        assert mine["tests"] == theirs["tests"], name
        assert mine["extra_data"]["status"] == theirs["extra_data"]["status"], name
        assert printed == [(f"{mine['score']:.2f}", f"{mine['max_score']:.2f}")], name
        row = book[name]
        assert float(row["total"]) == pytest.approx(mine["score"], abs=0.005), name
        assert float(row["max_score"]) == pytest.approx(mine["max_score"], abs=0.005), name


@pytest.mark.parametrize("session, status, lost", [
    ("throttled-throughout", "incomplete", 0.0),
    ("t3-grader-forbidden-listkeys", "incomplete", 0.0),
    ("t7-job-running", "in_progress", None),
])
def test_what_could_not_be_verified_costs_nothing(session: str, status: str, lost: float | None,
                                                  class_grades: Path) -> None:
    doc = assert_valid(class_grades / "students" / session / "results.json")
    assert doc["extra_data"]["status"] == status and doc["extra_data"]["final"] is False
    unverified = [t for t in doc["tests"] if t["extra_data"]["verdict"] == "error"]
    assert all(t["max_score"] == 0 and not t["extra_data"]["counted"] for t in unverified)
    if lost is not None:
        # Every counted check passed: nothing is lost for what could not be verified.
        counted = [t for t in doc["tests"] if t["extra_data"]["counted"]]
        assert doc["max_score"] - doc["score"] == pytest.approx(
            sum(t["max_score"] - t["score"] for t in counted))
        assert all(t["extra_data"]["verdict"] in ("pass", "fail") for t in counted)
    book = (class_grades / "gradebook.csv").read_text(encoding="utf-8")
    row = next(r for r in csv.DictReader(io.StringIO(book)) if r["student"] == session)
    assert row["status"].startswith({"incomplete": "incomplete (", "in_progress": "in progress ("}
                                    [status])
    if status == "in_progress":
        waiting = {t["extra_data"]["check"]: t["extra_data"]["verdict"] for t in doc["tests"]}
        assert {waiting[c] for c in ("t8-deployment", "t8-provisioned", "t9-chat")} == \
            {"in_progress"}


def test_the_schema_refuses_what_gradescope_would_not_read(class_grades: Path) -> None:
    doc = json.loads((class_grades / "students" / "complete" / "results.json").read_text())
    for broken in ({**doc, "verdicts": []}, {**doc, "tests": [{**doc["tests"][0], "task": 1}]},
                   {**doc, "extra_data": {**doc["extra_data"], "status": "done"}}):
        assert list(validator().iter_errors(broken))
