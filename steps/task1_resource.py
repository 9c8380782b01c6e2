"""Task 1: Create the Azure OpenAI resource."""

from __future__ import annotations

from typing import Any

from pytest_bdd import then, when

from labverify.azure.reads import AzureReads
from labverify.checks import resource
from labverify.config import LabConfig


@when("I look for the Azure OpenAI resource in the resource group", target_fixture="account")
@when("我在資源群組中尋找 Azure OpenAI 資源", target_fixture="account")
def look_for_account(azure_reads: AzureReads, lab_config: LabConfig) -> Any:
    return resource.lab_account(azure_reads.accounts, lab_config)


@then("I find the resource")
@then("我找到該資源")
def find_resource(account: Any, azure_reads: AzureReads, lab_config: LabConfig,
                  scenario_evidence: dict) -> None:
    seen = len(azure_reads.accounts())
    scenario_evidence.update(resource.check_exists(account, seen, lab_config))


@then("its kind is the one the lab asks for")
@then("其種類符合實驗的要求")
def kind(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_kind(account, lab_config))


@then("its pricing tier is the one the lab asks for")
@then("其定價層符合實驗的要求")
def sku(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_sku(account, lab_config))


@then("its region is the one the lab asks for")
@then("其區域符合實驗的要求")
def region(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_region(account, lab_config))


@then("its name follows the lab's pattern")
@then("其名稱符合實驗規定的格式")
def name(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_name(account, lab_config))


@then("its provisioning state is Succeeded")
@then("其佈建狀態為 Succeeded")
def provisioned(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_provisioned(account, lab_config))


@then("it shows an endpoint")
@then("它顯示一個端點")
def endpoint(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(resource.check_endpoint_set(account, lab_config))
