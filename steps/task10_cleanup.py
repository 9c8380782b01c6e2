"""Task 10: Delete the resources."""

from __future__ import annotations

from pytest_bdd import then

from labverify.azure.reads import AzureReads
from labverify.checks import cleanup
from labverify.config import LabConfig
from labverify.verdicts import CouldNotVerify


@then("the lab's resource is no longer in the resource group")
@then("實驗的資源已不在資源群組中")
def resource_deleted(azure_reads: AzureReads, lab_config: LabConfig,
                     scenario_evidence: dict) -> None:
    try:
        deleted = azure_reads.deleted_accounts()
    except CouldNotVerify:
        deleted = None  # only used to tell about a soft-deleted account
    scenario_evidence.update(cleanup.check_account_gone(azure_reads.accounts, deleted, lab_config))


@then("the resource group still exists")
@then("資源群組仍然存在")
def group_kept(azure_reads: AzureReads, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(cleanup.check_group_kept(azure_reads.accounts, lab_config))
