"""Task 2: Add role assignments to the Azure OpenAI resource."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then

from labverify.azure.reads import AzureReads
from labverify.checks import roles
from labverify.config import LabConfig
from labverify.errors import LabverifyError


@given("the role assignments that apply to me at the resource", target_fixture="my_grants")
@given("查看在該資源上適用於我的角色指派", target_fixture="my_grants")
def my_grants(account: Any, azure_reads: AzureReads) -> list[roles.Grant]:
    assignments = azure_reads.role_assignments(account.id)
    return roles.grants(assignments, azure_reads.principal_id, account.id,
                        azure_reads.subscription_id)


@then(parsers.parse('I hold the role "{role_id}" at the scope the lab asks for'))
@then(parsers.parse('我在實驗要求的範圍擁有角色 "{role_id}"'))
def hold_role(role_id: str, my_grants: list[roles.Grant], account: Any,
              lab_config: LabConfig, scenario_evidence: dict) -> None:
    by_id = {role.id: role for role in lab_config.roles}
    if role_id not in by_id:
        raise LabverifyError(f"the lab config has no role with id {role_id!r}")
    scenario_evidence.update(roles.check_role(by_id[role_id], my_grants,
                                              account_name=account.name, config=lab_config))
