"""Task 3: Retrieve the key and endpoint of the Azure OpenAI service."""

from __future__ import annotations

from typing import Any

from pytest_bdd import then, when

from labverify.azure.reads import AzureReads
from labverify.checks import keys
from labverify.config import LabConfig


@when("I open Keys and Endpoint and select Show Keys", target_fixture="account_keys")
def show_keys(account: Any, azure_reads: AzureReads) -> Any:
    return azure_reads.keys(account.name)


@when("I open Keys and Endpoint")
def open_keys_page() -> None:
    """The page shows the endpoint from the resource already read."""


@then("KEY 1 and KEY 2 are both shown")
def both_keys(account_keys: Any, account: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(keys.check_keys(account_keys, account.name))


@then("the Endpoint is an Azure OpenAI endpoint of the resource")
def endpoint_form(account: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(keys.check_endpoint_form(account, lab_config))
