"""Steps shared by several tasks: the subscription, the resource group, the resource."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, when

from labverify.azure.reads import AzureReads
from labverify.checks.resource import lab_account
from labverify.config import LabConfig


@given("the assigned subscription and resource group", target_fixture="resource_group")
@given("使用指派給我的訂用帳戶與資源群組", target_fixture="resource_group")
def assigned_resource_group(azure_reads: AzureReads, scenario_evidence: dict) -> str:
    scenario_evidence["subscription_id"] = azure_reads.subscription_id
    scenario_evidence["resource_group"] = azure_reads.resource_group
    return azure_reads.resource_group


@given("the Azure OpenAI resource", target_fixture="account")
@given("查看 Azure OpenAI 資源", target_fixture="account")
@when("I open the Azure OpenAI resource", target_fixture="account")
@when("我開啟 Azure OpenAI 資源", target_fixture="account")
def the_account(azure_reads: AzureReads, lab_config: LabConfig) -> Any:
    return lab_account(azure_reads.accounts, lab_config)
