"""Fixtures for class grading: a small class graded once, and hand-made results."""

from __future__ import annotations

from pathlib import Path

import pytest

from labverify.cli import main
from labverify.config import LabConfig, load_config
from labverify.paths import PROJECT_ROOT
from labverify.verdicts import ScenarioResult, Verdict

SESSIONS = PROJECT_ROOT / "cassettes"
# A small class with one student per kind of outcome: all passed, a fail, in progress, an error.
CLASS = ("complete", "t1-wrong-region", "t7-job-running", "t3-grader-forbidden-listkeys")
AS_OF = "2026-11-20"
WAIVERS = """\
[[waiver]]
student = "t1-wrong-region"
check = "t1-region"
justification = "North Central US had no capacity on lab day; any region accepted"
expires = 2026-12-31

[[waiver]]
student = "*"
check = "t7-job-succeeded"
justification = "Training queue outage during the first lab week"
expires = 2026-11-01
"""


def result(check: str, task: int, verdict: Verdict, *, message: str = "", hint: str = "",
           evidence: dict | None = None, name: str | None = None) -> ScenarioResult:
    return ScenarioResult(check_id=check, task=task, name=name or f"scenario {check}",
                          verdict=verdict, message=message, hint=hint, evidence=evidence or {})


@pytest.fixture(scope="session")
def lab_config() -> LabConfig:
    return load_config()


@pytest.fixture
def five_verdicts() -> list[ScenarioResult]:
    """Task 7's five scenarios, one per verdict, and two passing task-1 scenarios."""
    return [
        result("t1-exists", 1, Verdict.PASS, evidence={"account": "AzureOpenAI-Finetune21"}),
        result("t1-region", 1, Verdict.FAIL, message="in region 'eastus'",
               hint="Create it in North Central US", evidence={"seen": "eastus"}),
        result("t7-training-file", 7, Verdict.PASS),
        result("t7-validation-file", 7, Verdict.FAIL, message="no validation file"),
        result("t7-job-inputs", 7, Verdict.IN_PROGRESS, message="job running"),
        result("t7-job-succeeded", 7, Verdict.ERROR, message="throttled"),
        result("t7-fine-tuned-model", 7, Verdict.SKIPPED, message="not graded"),
    ]


def grade_class(out: Path, *extra: str, sessions: tuple[str, ...] = CLASS,
                waivers: Path | None = None) -> int:
    args = ["grade", *(str(SESSIONS / s) for s in sessions), "--out", str(out),
            "--as-of", AS_OF, *extra]
    if waivers is not None:
        args += ["--waivers", str(waivers)]
    return main(args)


@pytest.fixture(scope="session")
def waiver_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("waivers") / "waivers.toml"
    path.write_text(WAIVERS, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory: pytest.TempPathFactory, waiver_file: Path) -> Path:
    """The class graded once in two worker processes, with waivers; its output folder."""
    out = tmp_path_factory.mktemp("class") / "grades"
    assert grade_class(out, "--jobs", "2", waivers=waiver_file) == 0
    return out
