"""Task 5: Set environment variables."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then

from labverify.azure.reads import AzureReads
from labverify.checks import machine
from labverify.checks.resource import lab_account
from labverify.config import LabConfig
from labverify.local.environment import read_environment
from labverify.run import LabRun


@given("the environment variables of the terminal I use for the lab", target_fixture="env_facts")
@given("查看我做實驗所用終端機的環境變數", target_fixture="env_facts")
def env_facts(lab_run: LabRun, lab_config: LabConfig, azure_reads: AzureReads,
              scenario_evidence: dict) -> dict[str, Any] | None:
    scenario_evidence["facts_from"] = lab_run.machine.source
    names = lab_config.environment

    def compute() -> dict[str, Any]:
        try:
            account = lab_account(azure_reads.accounts, lab_config)
            keys = azure_reads.keys(account.name)
            key1, key2 = keys.key1, keys.key2
        except Exception:
            key1 = key2 = None  # no resource or no keys: the key check says so itself
        facts = read_environment(names.api_key_var, names.endpoint_var,
                                 key1=key1, key2=key2)
        if key1 is None and key2 is None:
            facts[names.api_key_var].pop("matches", None)
            facts[names.api_key_var].pop("matches_when_cleaned", None)
        return facts

    return lab_run.machine.get("environment", compute)


@then("the API key variable is set")
@then("API 金鑰變數已設定")
def key_set(env_facts: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    var = lab_config.environment.api_key_var
    scenario_evidence.update(machine.check_set(env_facts, var))


@then("the API key variable holds one of the resource's keys")
@then("API 金鑰變數的值是該資源的其中一個金鑰")
def key_matches(env_facts: Any, lab_config: LabConfig, account: Any,
                scenario_evidence: dict) -> None:
    var = lab_config.environment.api_key_var
    scenario_evidence.update(machine.check_key(env_facts, var, account.name))


@then("the endpoint variable is set")
@then("端點變數已設定")
def endpoint_set(env_facts: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    var = lab_config.environment.endpoint_var
    scenario_evidence.update(machine.check_set(env_facts, var))


@then("the endpoint variable holds the resource's endpoint")
@then("端點變數的值是該資源的端點")
def endpoint_matches(env_facts: Any, lab_config: LabConfig, account: Any,
                     scenario_evidence: dict) -> None:
    var = lab_config.environment.endpoint_var
    scenario_evidence.update(machine.check_endpoint(env_facts, var, account))
