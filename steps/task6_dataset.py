"""Task 6: Prepare the sample dataset."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_bdd import given, then

from labverify.checks import dataset
from labverify.config import LabConfig
from labverify.dataset.check import check_lab_folder
from labverify.run import LabRun


@pytest.fixture(scope="session")
def dataset_reports(lab_run: LabRun, lab_config: LabConfig) -> list[Any] | str:
    """Both files checked once per run, whichever scenarios ask; else why there are none."""
    folder = lab_run.machine.labfiles()
    if folder is None:
        return lab_run.machine.why_no_labfiles()
    # Grading needs each example within the limit, not token statistics: only an example that
    # could be over it is counted.
    return check_lab_folder(folder, lab_config, count_every_example=False)


@given("the dataset files in the lab folder", target_fixture="reports")
@given("查看實驗資料夾中的資料集檔案", target_fixture="reports")
def reports(dataset_reports: list[Any] | str, lab_run: LabRun,
            scenario_evidence: dict) -> list[Any] | str:
    scenario_evidence["facts_from"] = lab_run.machine.source
    return dataset_reports


@then("both dataset files are there")
@then("兩個資料集檔案都在")
def present(reports: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(dataset.check_present(reports))


@then("every line of both files is a valid chat example")
@then("兩個檔案的每一行都是有效的聊天範例")
def valid(reports: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(dataset.check_format(reports))


@then("each file has at least the minimum number of examples")
@then("每個檔案至少有最低數量的範例")
def enough(reports: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    minimum = lab_config.dataset.min_examples
    scenario_evidence.update(dataset.check_examples(reports, minimum))


@then("every example fits the token limit and each file the size limit")
@then("每個範例都在權杖上限內，每個檔案都在大小上限內")
def limits(reports: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(dataset.check_limits(reports))
