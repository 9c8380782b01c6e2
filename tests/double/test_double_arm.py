"""ARM operations of Microsoft.CognitiveServices through the real management SDK."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from double_support import (
    ACCOUNT,
    DEPLOYMENT,
    GROUP,
    account_path,
    cognitive,
    http_client,
)

from labverify.double.server import AzureDouble


def test_list_by_resource_group_matches_group_in_any_case(double: AzureDouble) -> None:
    client = cognitive(double, double.world)
    for group in (GROUP, GROUP.lower(), GROUP.upper()):
        accounts = list(client.accounts.list_by_resource_group(group))
        assert [a.name for a in accounts] == [ACCOUNT]
    account = accounts[0]
    assert account.kind == "OpenAI"
    assert account.sku.name == "S0"
    assert account.location == "northcentralus"
    assert account.properties.provisioning_state == "Succeeded"
    assert account.properties.endpoint == "https://azureopenai-finetune21.openai.azure.com/"
    assert account.properties.custom_sub_domain_name == "azureopenai-finetune21"
    assert account.id.endswith(f"/resourceGroups/{GROUP}/providers/"
                               f"Microsoft.CognitiveServices/accounts/{ACCOUNT}")
    assert double.requests[0].path.lower().endswith("/microsoft.cognitiveservices/accounts")
    assert double.requests[0].query == {"api-version": "2025-09-01"}


def test_get_account(double: AzureDouble) -> None:
    account = cognitive(double, double.world).accounts.get(GROUP, ACCOUNT.lower())
    assert account.name == ACCOUNT
    assert account.properties.date_created == "2026-11-20T08:00:00.0000000Z"
    assert account.system_data.created_at.isoformat() == "2026-11-20T08:00:00+00:00"


def test_list_keys_is_a_post_with_an_empty_body(double: AzureDouble) -> None:
    keys = cognitive(double, double.world).accounts.list_keys(GROUP, ACCOUNT)
    assert (keys.key1, keys.key2) == ("0f1e2d3c4b5a69780f1e2d3c4b5a6978",
                                      "8796a5b4c3d2e1f08796a5b4c3d2e1f0")
    log = double.requests[-1]
    assert (log.method, log.status) == ("POST", 200)
    assert log.path.endswith(f"/accounts/{ACCOUNT}/listKeys")


def test_missing_account_is_resource_not_found(double: AzureDouble) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        cognitive(double, double.world).accounts.get(GROUP, "AzureOpenAI-Finetune99")
    assert caught.value.error.code == "ResourceNotFound"


def test_missing_group_answers_resource_group_not_found(make_world) -> None:
    world = make_world("[resource_group]\nexists = false\n")
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        calls = [lambda: list(client.accounts.list_by_resource_group(GROUP)),
                 lambda: client.accounts.get(GROUP, ACCOUNT),
                 lambda: client.accounts.list_keys(GROUP, ACCOUNT),
                 lambda: list(client.deployments.list(GROUP, ACCOUNT)),
                 lambda: client.deployments.get(GROUP, ACCOUNT, DEPLOYMENT)]
        for call in calls:
            with pytest.raises(ResourceNotFoundError) as caught:
                call()
            assert caught.value.error.code == "ResourceGroupNotFound"
            assert caught.value.status_code == 404


def test_another_subscription_is_not_found(double: AzureDouble) -> None:
    world = double.world
    other = cognitive(double, world)
    other._config.subscription_id = "99999999-2222-3333-4444-555555555555"
    with pytest.raises(ResourceNotFoundError) as caught:
        list(other.accounts.list_by_resource_group(GROUP))
    assert caught.value.error.code == "SubscriptionNotFound"


def test_delete_account_soft_deletes_it(double: AzureDouble) -> None:
    client = cognitive(double, double.world)
    client.accounts.begin_delete(GROUP, ACCOUNT).result()
    assert list(client.accounts.list_by_resource_group(GROUP)) == []
    with pytest.raises(ResourceNotFoundError):
        list(client.deployments.list(GROUP, ACCOUNT))
    deleted = list(client.deleted_accounts.list())
    assert [a.name for a in deleted] == [ACCOUNT]
    assert deleted[0].id == (f"/subscriptions/{double.world.subscription_id}/providers/"
                             f"Microsoft.CognitiveServices/locations/northcentralus/"
                             f"resourceGroups/{GROUP}/deletedAccounts/{ACCOUNT}")
    one = client.deleted_accounts.get("northcentralus", GROUP, ACCOUNT)
    assert one.properties.deletion_date == "2026-11-20T10:00:00.0000000Z"
    assert one.properties.scheduled_purge_date == "2026-11-22T10:00:00.0000000Z"
    delete = next(r for r in double.requests if r.method == "DELETE")
    assert delete.status == 202
    # Deleting again is idempotent, as in ARM.
    client.accounts.begin_delete(GROUP, ACCOUNT).result()
    assert double.requests[-1].status == 204


def test_delete_headers_point_back_at_the_double(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.delete(f"{double.arm_url}{account_path(double.world)}",
                             params={"api-version": "2025-09-01"},
                             headers={"Authorization": "Bearer t"})
    assert answer.status_code == 202
    for header in ("azure-asyncoperation", "location"):
        assert answer.headers[header].startswith(f"{double.arm_url}/subscriptions/")
    assert "retry-after" not in answer.headers


def test_world_soft_deleted_account(make_world) -> None:
    world = make_world('deployments = []\nrole_assignments = []\n'
                       '[[accounts]]\nname = "AzureOpenAI-Finetune07"\ndeleted = true\n'
                       'deleted_at = "2026-11-19T09:30:00Z"\n')
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        assert list(client.accounts.list_by_resource_group(GROUP)) == []
        deleted = client.deleted_accounts.get("northcentralus", GROUP, "AzureOpenAI-Finetune07")
        assert deleted.properties.scheduled_purge_date == "2026-11-21T09:30:00.0000000Z"
        with pytest.raises(ResourceNotFoundError):
            client.deleted_accounts.get("westus", GROUP, "AzureOpenAI-Finetune07")


def test_deployments_list_and_get(double: AzureDouble) -> None:
    client = cognitive(double, double.world)
    deployments = list(client.deployments.list(GROUP, ACCOUNT))
    assert [d.name for d in deployments] == [DEPLOYMENT]
    one = client.deployments.get(GROUP, ACCOUNT, DEPLOYMENT)
    assert one.properties.model.name == (
        "gpt-4o-mini-2024-07-18.ft-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74")
    assert one.properties.model.format == "OpenAI"
    assert one.properties.model.version == "1"
    assert (one.sku.name, one.sku.capacity) == ("standard", 1)
    assert one.properties.provisioning_state == "Succeeded"
    with pytest.raises(ResourceNotFoundError):
        client.deployments.get(GROUP, ACCOUNT, "other")


def test_create_deployment_is_long_running(make_world) -> None:
    world = make_world("[world]\nlro_polls = 3\n")
    body = {"sku": {"name": "standard", "capacity": 1},
            "properties": {"model": {"format": "OpenAI", "name": "gpt-4o-mini-2024-07-18.ft-"
                                     "0123456789abcdef0123456789abcdef", "version": "1"}}}
    with AzureDouble(world) as running:
        client = cognitive(running, world)
        poller = client.deployments.begin_create_or_update(GROUP, ACCOUNT, "second", body)
        assert running.requests[0].status == 201
        assert client.deployments.get(GROUP, ACCOUNT, "second").properties.provisioning_state \
            == "Creating"
        result = poller.result()
        assert result.properties.provisioning_state == "Succeeded"
        polls = [r for r in running.requests if "/operationResults/" in r.path]
        assert len(polls) == 3
        assert {d.name for d in client.deployments.list(GROUP, ACCOUNT)} == {DEPLOYMENT, "second"}
        # A PUT on an existing deployment updates it in place.
        body["sku"]["capacity"] = 2
        updated = client.deployments.begin_create_or_update(GROUP, ACCOUNT, "second", body)
        assert updated.result().sku.capacity == 2
        assert running.requests[-1].status == 200


def test_create_deployment_rejects_a_body_without_model(double: AzureDouble) -> None:
    client = cognitive(double, double.world)
    with pytest.raises(HttpResponseError) as caught:
        client.deployments.begin_create_or_update(GROUP, ACCOUNT, "bad", {"sku": {"name": "x"}})
    assert caught.value.status_code == 400


def test_delete_deployment(double: AzureDouble) -> None:
    client = cognitive(double, double.world)
    client.deployments.begin_delete(GROUP, ACCOUNT, DEPLOYMENT).result()
    assert list(client.deployments.list(GROUP, ACCOUNT)) == []
    client.deployments.begin_delete(GROUP, ACCOUNT, DEPLOYMENT).result()
    assert double.requests[-1].status == 204


def test_arm_needs_a_bearer_token(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.arm_url}{account_path(double.world)}",
                          params={"api-version": "2025-09-01"})
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "AuthenticationFailed"
    assert answer.headers["www-authenticate"].startswith("Bearer authorization_uri=")


def test_arm_needs_an_api_version(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.arm_url}{account_path(double.world)}",
                          headers={"Authorization": "Bearer t"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "MissingApiVersionParameter"


def test_unknown_arm_path_is_an_arm_404(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.arm_url}/subscriptions/x/providers/Microsoft.Nothing/things",
                          params={"api-version": "2025-09-01"},
                          headers={"Authorization": "Bearer t"})
    assert answer.status_code == 404
    assert set(answer.json()["error"]) == {"code", "message"}


def test_resource_group_get(double: AzureDouble) -> None:
    with http_client(double) as http:
        answer = http.get(f"{double.arm_url}/subscriptions/{double.world.subscription_id}"
                          f"/resourcegroups/{GROUP.lower()}",
                          params={"api-version": "2024-03-01"},
                          headers={"Authorization": "Bearer t"})
    assert answer.status_code == 200
    assert answer.json()["name"] == GROUP


def test_arm_paging_follows_next_link(make_world) -> None:
    world = make_world('[world]\narm_page_size = 1\n[[accounts]]\nname = "AzureOpenAI-Finetune21"'
                       '\n[[accounts]]\nname = "AzureOpenAI-Finetune22"\n')
    with AzureDouble(world) as running:
        names = [a.name for a in cognitive(running, world).accounts.list_by_resource_group(GROUP)]
        assert names == ["AzureOpenAI-Finetune21", "AzureOpenAI-Finetune22"]
        assert [r.query.get("$skipToken") for r in running.requests] == [None, "1"]
        assert running.host_map[running.dataplane_url("AzureOpenAI-Finetune22")
                                .removeprefix("https://")] == (
            "azureopenai-finetune22.openai.azure.com")
