"""Results to grade, made by hand."""

from __future__ import annotations

import pytest

from labverify.config import LabConfig, load_config
from labverify.verdicts import ScenarioResult, Verdict

TASK7 = ("t7-training-file", "t7-validation-file", "t7-job-inputs", "t7-job-succeeded",
         "t7-fine-tuned-model")


def result(check: str, task: int, verdict: Verdict, *, message: str = "") -> ScenarioResult:
    return ScenarioResult(check_id=check, task=task, name=f"scenario {check}", verdict=verdict,
                          message=message or f"{check} is {verdict.value}")


def task7(*verdicts: Verdict) -> list[ScenarioResult]:
    return [result(check, 7, v) for check, v in zip(TASK7, verdicts, strict=True)]


@pytest.fixture(scope="session")
def lab_config() -> LabConfig:
    return load_config()
