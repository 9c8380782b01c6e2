"""Task 4: Install Python libraries."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then

from labverify.checks import machine
from labverify.config import LabConfig
from labverify.local.interpreter import probe_interpreter
from labverify.run import LabRun


@given("the Python interpreter I use for the lab", target_fixture="interpreter_facts")
@given("查看我做實驗所用的 Python 直譯器", target_fixture="interpreter_facts")
def interpreter_facts(lab_run: LabRun, lab_config: LabConfig,
                      scenario_evidence: dict) -> dict[str, Any] | None:
    scenario_evidence["facts_from"] = lab_run.machine.source
    names = list(lab_config.libraries.rules)
    return lab_run.machine.get(
        "interpreter", lambda: probe_interpreter(lab_run.machine.student_python, names))


@then(parsers.parse('the library "{name}" is installed in the version the lab asks for'))
@then(parsers.parse('已安裝實驗要求版本的程式庫 "{name}"'))
def library_installed(name: str, interpreter_facts: dict[str, Any] | None,
                      lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(machine.check_library(name, interpreter_facts, lab_config))
