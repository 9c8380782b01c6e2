"""The Azure double serving the complete world, and SDK clients built the way grading builds them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from labverify.azure.clients import Target, cognitive_client, openai_client
from labverify.azure.credentials import StaticCredential
from labverify.config import load_config
from labverify.double.server import AzureDouble
from labverify.double.world import World, load_world
from labverify.paths import PROJECT_ROOT

COMPLETE = PROJECT_ROOT / "fixtures" / "worlds" / "complete.toml"


@dataclass
class Clients:
    arm: Any
    data: Any
    double: AzureDouble
    world: World


@pytest.fixture
def double() -> Iterator[AzureDouble]:
    # One per test: the request log then holds this test's requests only.
    with AzureDouble(load_world(Path(COMPLETE))) as running:
        yield running


def clients_for(double: AzureDouble, *, read_only: bool) -> Clients:
    versions = load_config().api_versions
    world = double.world
    target = Target(arm_url=double.arm_url, credential=StaticCredential("double-token"),
                    verify=str(double.ca_pem), read_only=read_only)
    account = world.accounts[0]
    arm = cognitive_client(target, world.subscription_id,
                           api_version=versions.cognitiveservices, retries=0, timeout=10)
    data = openai_client(target, double.dataplane_url(account.name), api_key=account.key1,
                         token_provider=None, api_version=versions.openai, retries=0,
                         timeout=10)
    return Clients(arm=arm, data=data, double=double, world=world)


@pytest.fixture
def grading(double: AzureDouble) -> Clients:
    return clients_for(double, read_only=True)


@pytest.fixture
def carrying_out(double: AzureDouble) -> Clients:
    return clients_for(double, read_only=False)
