"""Task 3: Retrieve the key and endpoint of the Azure OpenAI service."""

from __future__ import annotations

from typing import Any

from pytest_bdd import then, when

from labverify.azure.reads import AzureReads
from labverify.checks import keys
from labverify.config import LabConfig


@when("I open Keys and Endpoint and select Show Keys", target_fixture="account_keys")
@when("我開啟金鑰與端點並選取顯示金鑰", target_fixture="account_keys")
def show_keys(account: Any, azure_reads: AzureReads) -> Any:
    return azure_reads.keys(account.name)


@when("I open Keys and Endpoint")
@when("我開啟金鑰與端點")
def open_keys_page() -> None:
    """The page shows the endpoint from the resource already read."""


@then("KEY 1 and KEY 2 are both shown")
@then("KEY 1 與 KEY 2 都有顯示")
def both_keys(account_keys: Any, account: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(keys.check_keys(account_keys, account.name))


@then("the Endpoint is an Azure OpenAI endpoint of the resource")
@then("端點是該資源的 Azure OpenAI 端點")
def endpoint_form(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(keys.check_endpoint_form(account, lab_config))
