"""Role assignments through the real authorization SDK: scopes, filters and paging."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from double_support import GROUP, account_path, arm_path, authorization

from labverify.double.server import AzureDouble

OPENAI_CONTRIBUTOR = "a001fd3d-188f-4b5d-821b-7da978bf7442"
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
CONTRIBUTOR = "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68"
USAGES_READER = "bba48692-92b0-4667-a9ad-c31c7b334ac2"


def _roles(assignments: list) -> list[str]:
    return [a.role_definition_id.rsplit("/", 1)[-1] for a in assignments]


def test_account_scope_with_principal_filter(double: AzureDouble) -> None:
    world = double.world
    client = authorization(double, world)
    found = list(client.role_assignments.list_for_scope(
        account_path(world), filter=f"principalId eq '{world.principal_id}'"))
    # Assignments at the scope and above it (the subscription) are listed.
    assert _roles(found) == [OPENAI_CONTRIBUTOR, OPENAI_USER, CONTRIBUTOR, USAGES_READER]
    first = found[0]
    assert first.role_definition_id == (f"/subscriptions/{world.subscription_id}/providers/"
                                        f"Microsoft.Authorization/roleDefinitions/"
                                        f"{OPENAI_CONTRIBUTOR}")
    assert first.scope == account_path(world)
    assert first.principal_id == world.principal_id
    assert first.principal_type == "User"
    assert first.name == "0a0a0a0a-0000-4000-8000-000000000001"
    assert first.id == (f"{account_path(world)}/providers/Microsoft.Authorization/"
                        f"roleAssignments/{first.name}")
    assert found[3].scope == f"/subscriptions/{world.subscription_id}"


def test_scope_without_at_scope_includes_assignments_below(double: AzureDouble) -> None:
    world = double.world
    client = authorization(double, world)
    below = list(client.role_assignments.list_for_scope(f"/subscriptions/{world.subscription_id}"))
    assert len(below) == 4
    at_or_above = list(client.role_assignments.list_for_scope(
        f"/subscriptions/{world.subscription_id}", filter="atScope()"))
    assert _roles(at_or_above) == [USAGES_READER]
    group = list(client.role_assignments.list_for_scope(
        arm_path(world, f"resourceGroups/{GROUP}"), filter="atScope()"))
    assert _roles(group) == [USAGES_READER]


def test_combined_filter_and_other_principal(double: AzureDouble) -> None:
    world = double.world
    client = authorization(double, world)
    combined = list(client.role_assignments.list_for_scope(
        account_path(world), filter=f"atScope() and assignedTo('{world.principal_id}')"))
    assert len(combined) == 4
    nobody = list(client.role_assignments.list_for_scope(
        account_path(world), filter="principalId eq '00000000-0000-0000-0000-000000000000'"))
    assert nobody == []


def test_unsupported_filter_is_a_bad_request(double: AzureDouble) -> None:
    client = authorization(double, double.world)
    with pytest.raises(HttpResponseError) as caught:
        list(client.role_assignments.list_for_scope(account_path(double.world),
                                                    filter="roleName eq 'x'"))
    assert caught.value.status_code == 400


def test_scope_forms_in_the_world(make_world) -> None:
    world = make_world(
        '[[role_assignments]]\nrole_guid = "a001fd3d-188f-4b5d-821b-7da978bf7442"\n'
        'scope = "resource_group"\n'
        '[[role_assignments]]\nrole_guid = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"\n'
        'scope = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/'
        'ResourceGroup1/providers/Microsoft.CognitiveServices/accounts/AzureOpenAI-Finetune21"\n'
        'principal_id = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"\nprincipal_type = "Group"\n')
    with AzureDouble(world) as running:
        client = authorization(running, world)
        everything = list(client.role_assignments.list_for_scope(account_path(world)))
        assert [a.scope for a in everything] == [
            arm_path(world, f"resourceGroups/{GROUP}"), account_path(world)]
        assert everything[1].principal_type == "Group"
        # Derived assignment names are GUIDs and stable.
        assert len(everything[0].name) == 36
        again = list(client.role_assignments.list_for_scope(account_path(world)))
        assert [a.name for a in again] == [a.name for a in everything]


def test_missing_group_scope_is_not_found(make_world) -> None:
    world = make_world("[resource_group]\nexists = false\n")
    with AzureDouble(world) as running:
        client = authorization(running, world)
        with pytest.raises(ResourceNotFoundError) as caught:
            list(client.role_assignments.list_for_scope(account_path(world)))
        assert caught.value.error.code == "ResourceGroupNotFound"
        at_subscription = list(client.role_assignments.list_for_scope(
            f"/subscriptions/{world.subscription_id}"))
        assert _roles(at_subscription) == [USAGES_READER]


def test_role_assignments_page_with_skip_token(make_world) -> None:
    world = make_world("[world]\narm_page_size = 3\n")
    with AzureDouble(world) as running:
        client = authorization(running, world)
        found = list(client.role_assignments.list_for_scope(
            account_path(world), filter=f"principalId eq '{world.principal_id}'"))
        assert len(found) == 4
        second = running.requests[1]
        assert second.query["$skipToken"] == "3"
        assert second.query["$filter"] == f"principalId eq '{world.principal_id}'"


def test_deleting_the_account_removes_its_assignments(double: AzureDouble) -> None:
    from double_support import ACCOUNT, cognitive

    world = double.world
    cognitive(double, world).accounts.begin_delete(GROUP, ACCOUNT).result()
    left = list(authorization(double, world).role_assignments.list_for_scope(
        f"/subscriptions/{world.subscription_id}"))
    assert _roles(left) == [USAGES_READER]


def test_assignments_on_a_deleted_account_are_gone(make_world) -> None:
    world = make_world('[[accounts]]\nname = "AzureOpenAI-Finetune21"\ndeleted = true\n')
    with AzureDouble(world) as running:
        left = list(authorization(running, world).role_assignments.list_for_scope(
            f"/subscriptions/{world.subscription_id}"))
        assert _roles(left) == [USAGES_READER]
