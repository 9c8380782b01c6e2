"""Grading is read-only: a mutating request is refused in-process, before it reaches Azure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.mgmt.cognitiveservices import models

from labverify.azure.guard import ReadOnlyViolation, allowed, check
from labverify.config import load_config
from labverify.errors import LabverifyError
from labverify.options import RunOptions
from labverify.paths import BUNDLED_SESSION
from labverify.run import LabRun

from .conftest import COMPLETE, Clients

RG = "ResourceGroup1"
ACCOUNT = "AzureOpenAI-Finetune21"
DEPLOYMENT = "gpt-4o-mini-2024-07-18-ft"


def _deployment() -> models.Deployment:
    return models.Deployment(
        sku=models.Sku(name="standard", capacity=1),
        properties=models.DeploymentProperties(
            model=models.DeploymentModel(format="OpenAI", name="gpt-4o-mini-2024-07-18",
                                         version="1")))


# name -> (the call, the double's operation it would be, method it would send)
MUTATIONS: dict[str, tuple[Callable[[Clients], Any], str, str]] = {
    "deployments.begin_create_or_update": (
        lambda c: c.arm.deployments.begin_create_or_update(RG, ACCOUNT, "new-deployment",
                                                           _deployment()), "PUT", "arm"),
    "deployments.begin_delete": (
        lambda c: c.arm.deployments.begin_delete(RG, ACCOUNT, DEPLOYMENT), "DELETE", "arm"),
    "accounts.begin_delete": (
        lambda c: c.arm.accounts.begin_delete(RG, ACCOUNT), "DELETE", "arm"),
    "files.create": (
        lambda c: c.data.files.create(file=("training_set.jsonl", b'{"messages": []}\n'),
                                      purpose="fine-tune"), "POST", "data plane"),
    "fine_tuning.jobs.create": (
        lambda c: c.data.fine_tuning.jobs.create(
            model="gpt-4o-mini-2024-07-18",
            training_file=c.world.files[0].id), "POST", "data plane"),
    "fine_tuning.jobs.cancel": (
        lambda c: c.data.fine_tuning.jobs.cancel(c.world.jobs[0].id), "POST", "data plane"),
    "files.delete": (
        lambda c: c.data.files.delete(c.world.files[0].id), "DELETE", "data plane"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutating_call_is_refused_before_it_leaves_the_process(
        grading: Clients, name: str) -> None:
    call, method, plane = MUTATIONS[name]
    with pytest.raises(ReadOnlyViolation) as refused:
        call(grading)
    assert refused.value.method == method and refused.value.plane == plane
    assert isinstance(refused.value, LabverifyError)
    assert "read-only" in str(refused.value) and refused.value.path in str(refused.value)
    assert grading.double.requests == []  # nothing arrived, not even a first attempt


@pytest.mark.parametrize("name", ["deployments.begin_create_or_update", "files.create",
                                  "fine_tuning.jobs.create"])
def test_the_same_call_goes_through_when_carrying_the_lab_out(
        carrying_out: Clients, name: str) -> None:
    call, method, _ = MUTATIONS[name]
    call(carrying_out)
    assert [r.method for r in carrying_out.double.requests][:1] == [method]
    assert carrying_out.double.requests[0].status < 400


def test_grading_reads_and_its_two_allowed_posts_go_through(grading: Clients) -> None:
    accounts = list(grading.arm.accounts.list_by_resource_group(RG))
    keys = grading.arm.accounts.list_keys(RG, ACCOUNT)
    deployments = list(grading.arm.deployments.list(RG, ACCOUNT))
    files = grading.data.files.list().data
    jobs = list(grading.data.fine_tuning.jobs.list())
    answer = grading.data.chat.completions.create(
        model=DEPLOYMENT, messages=[{"role": "user", "content": "What is AI?"}], max_tokens=20)
    assert accounts and keys.key1 and deployments and files and jobs and answer.choices
    sent = [(r.method, r.status) for r in grading.double.requests]
    assert ("POST", 200) in sent and all(status < 400 for _, status in sent)
    assert {method for method, _ in sent} == {"GET", "POST"}


@pytest.mark.parametrize("method, path, plane, ok", [
    ("GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts",
     "arm", True),
    ("HEAD", "/subscriptions/s/resourcegroups/rg", "arm", True),
    ("post", "/subscriptions/s/resourcegroups/rg/providers/microsoft.cognitiveservices/"
             "accounts/a/listkeys", "arm", True),
    ("POST", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/"
             "accounts/a/regenerateKey", "arm", False),
    ("POST", "/subscriptions/s/providers/Microsoft.CognitiveServices/register", "arm", False),
    ("PATCH", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/"
              "accounts/a", "arm", False),
    ("POST", "/openai/deployments/d/chat/completions", "data plane", True),
    ("POST", "/openai/deployments/d/completions", "data plane", False),
    ("POST", "/openai/Deployments/d/chat/completions", "data plane", False),
    ("POST", "/openai/files", "data plane", False),
    ("POST", "/openai/deployments/d/chat/completions/../../../files", "data plane", False),
])
def test_the_allow_list(method: str, path: str, plane: str, ok: bool) -> None:
    url = f"https://example.test{path}?api-version=1"
    if ok:
        check(method, url, plane=plane)
    else:
        with pytest.raises(ReadOnlyViolation):
            check(method, url, plane=plane)


def test_only_reads_pass_without_an_allow_list() -> None:
    url = "https://example.test/openai/deployments/d/chat/completions"
    assert allowed("GET", url, ()) and allowed("head", url, ())
    assert not allowed("POST", url, ()) and not allowed("OPTIONS", url, ())


def test_a_grading_run_refuses_writes_through_its_shared_reads() -> None:
    run = LabRun(load_config(), RunOptions(mode="live", world=COMPLETE))
    try:
        assert run.target.read_only is True
        with pytest.raises(ReadOnlyViolation):
            run.reads.read("arm/delete", "deleting the account",
                           lambda: run.reads.cognitive.accounts.begin_delete(RG, ACCOUNT))
        with pytest.raises(ReadOnlyViolation):  # the failure is remembered as itself
            run.reads.read("arm/delete", "deleting the account", lambda: None)
        assert [r for r in run.double.requests if r.method != "GET"] == []
        assert run.reads.accounts()[0].name == ACCOUNT  # reads still work
    finally:
        run.finish()


def test_replay_refuses_a_write_before_looking_in_the_cassettes() -> None:
    run = LabRun(load_config(), RunOptions(mode="replay", session=BUNDLED_SESSION))
    try:
        with pytest.raises(ReadOnlyViolation, match="DELETE"):
            run.reads.cognitive.deployments.begin_delete(run.resource_group, ACCOUNT, DEPLOYMENT)
    finally:
        run.finish()
