"""Task 1-3 checks as plain functions over SDK models, without pytest-bdd or Azure."""

from __future__ import annotations

from typing import Any

import pytest
from azure.mgmt.authorization.v2022_04_01.models import RoleAssignment
from azure.mgmt.cognitiveservices.models import Account, ApiKeys

from labverify.azure.errors import Missing
from labverify.checks import keys, resource, roles
from labverify.config import load_config
from labverify.verdicts import LabFail, LabInProgress

CONFIG = load_config()
SUB = "00000000-0000-0000-aaaa-000000000001"
ME = "00000000-0000-0000-cccc-000000000001"
RG_ID = f"/subscriptions/{SUB}/resourceGroups/ResourceGroup1"
ACCOUNT_ID = f"{RG_ID}/providers/Microsoft.CognitiveServices/accounts/AzureOpenAI-Finetune21"


def account(**changes: Any) -> Account:
    props = {"provisioningState": "Succeeded",
             "endpoint": "https://azureopenai-finetune21.openai.azure.com/"}
    props.update(changes.pop("properties", {}))
    data = {"id": ACCOUNT_ID, "name": "AzureOpenAI-Finetune21", "kind": "OpenAI",
            "sku": {"name": "S0"}, "location": "northcentralus", "properties": props}
    data.update(changes)
    return Account.deserialize(data)


def test_a_good_account_passes_every_task1_check() -> None:
    a = account()
    for check in (resource.check_kind, resource.check_sku, resource.check_region,
                  resource.check_name, resource.check_provisioned, resource.check_endpoint_set):
        assert check(a, CONFIG)["account"] == "AzureOpenAI-Finetune21"


@pytest.mark.parametrize("check, change, words", [
    (resource.check_kind, {"kind": "AIServices"}, "kind 'AIServices'"),
    (resource.check_sku, {"sku": {"name": "F0"}}, "pricing tier 'F0'"),
    (resource.check_region, {"location": "eastus"}, "region 'eastus'"),
    (resource.check_name, {"name": "my-openai"}, "'my-openai' does not match"),
    (resource.check_provisioned, {"properties": {"provisioningState": "Failed"}}, "'Failed'"),
    (resource.check_endpoint_set, {"properties": {"endpoint": None}}, "no endpoint"),
])
def test_each_wrong_fact_fails_its_own_check_with_a_hint(check: Any, change: dict,
                                                         words: str) -> None:
    with pytest.raises(LabFail) as err:
        check(account(**change), CONFIG)
    assert words in err.value.message and err.value.hint


def test_region_display_names_and_case_are_accepted() -> None:
    assert resource.check_region(account(location="North Central US"), CONFIG)


def test_a_resource_still_creating_is_in_progress() -> None:
    with pytest.raises(LabInProgress):
        resource.check_provisioned(account(properties={"provisioningState": "Creating"}), CONFIG)


def test_choosing_the_lab_account_among_several() -> None:
    other = account(name="zz-other", kind="TextAnalytics")
    lab = account()
    assert resource.choose_account([other, lab], CONFIG) is lab
    # A single account is judged whatever its name, so each fact fails on its own.
    odd = account(name="my-openai")
    assert resource.choose_account([odd], CONFIG) is odd
    assert resource.choose_account([], CONFIG) is None


def test_no_account_and_no_resource_group_are_fails() -> None:
    with pytest.raises(LabFail, match="no Azure OpenAI resource"):
        resource.lab_account(lambda: [], CONFIG)

    def gone() -> list:
        raise Missing("ResourceGroupNotFound", "Resource group 'ResourceGroup1' could not be found.")
    with pytest.raises(LabFail, match="ResourceGroup1 was not found"):
        resource.lab_account(gone, CONFIG)


def assignment(guid: str, scope: str, principal: str = ME) -> RoleAssignment:
    return RoleAssignment.deserialize({"properties": {
        "roleDefinitionId": f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{guid}",
        "principalId": principal, "scope": scope}})


def role(role_id: str) -> Any:
    return next(r for r in CONFIG.roles if r.id == role_id)


def found(*items: RoleAssignment) -> list[roles.Grant]:
    return roles.grants(list(items), ME, ACCOUNT_ID, SUB)


def test_roles_at_the_right_scope_pass() -> None:
    contributor = role("openai-contributor")
    reader = role("usages-reader")
    grants = found(assignment(contributor.guid, ACCOUNT_ID),
                   assignment(reader.guid, f"/subscriptions/{SUB}"))
    assert roles.check_role(contributor, grants, account_name="a", config=CONFIG)
    assert roles.check_role(reader, grants, account_name="a", config=CONFIG)


def test_roles_are_matched_by_guid_case_insensitively_and_per_principal() -> None:
    contributor = role("openai-contributor")
    grants = found(assignment(contributor.guid.upper(), ACCOUNT_ID.upper()))
    assert roles.check_role(contributor, grants, account_name="a", config=CONFIG)
    someone_else = found(assignment(contributor.guid, ACCOUNT_ID, principal="x"))
    with pytest.raises(LabFail, match="not assigned to you"):
        roles.check_role(contributor, someone_else, account_name="a", config=CONFIG)


def test_a_broader_scope_is_reported_as_such() -> None:
    user = role("openai-user")
    grants = found(assignment(user.guid, RG_ID))
    with pytest.raises(LabFail, match="resource group scope") as err:
        roles.check_role(user, grants, account_name="a", config=CONFIG)
    assert err.value.evidence["found_scopes"] == [RG_ID]


def test_usages_reader_on_the_resource_is_the_wrong_scope() -> None:
    reader = role("usages-reader")
    with pytest.raises(LabFail, match="not on the subscription"):
        roles.check_role(reader, found(assignment(reader.guid, ACCOUNT_ID)),
                         account_name="a", config=CONFIG)


def test_keys_and_endpoint() -> None:
    assert keys.check_keys(ApiKeys(key1="a", key2="b"), "acc")["keys_present"] == ["key1", "key2"]
    with pytest.raises(LabFail, match="KEY2"):
        keys.check_keys(ApiKeys(key1="a", key2=""), "acc")
    assert keys.check_endpoint_form(account(), CONFIG)
    with pytest.raises(LabFail, match="not an Azure OpenAI endpoint"):
        keys.check_endpoint_form(account(properties={"endpoint": "http://example.com/"}), CONFIG)
