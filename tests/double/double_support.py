"""Helpers shared by the double's tests: paths, ids of complete.toml, SDK clients."""

from __future__ import annotations

import ssl
import time
from pathlib import Path

import httpx2
from azure.core.credentials import AccessToken, AccessTokenInfo
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
from openai import AzureOpenAI

from labverify.double.server import AzureDouble
from labverify.double.world import World

ROOT = Path(__file__).resolve().parents[2]
WORLDS = ROOT / "fixtures" / "worlds"
COMPLETE = WORLDS / "complete.toml"
REFERENCE = Path(__file__).resolve().parent / "reference"

ACCOUNT = "AzureOpenAI-Finetune21"
GROUP = "ResourceGroup1"
DEPLOYMENT = "gpt-4o-mini-2024-07-18-ft"
JOB = "ftjob-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74"
TRAINING_FILE = "file-3c9f0a1b2d4e4f6081a2b3c4d5e6f708"
VALIDATION_FILE = "file-7d1e2f3a4b5c4d6e8f9a0b1c2d3e4f50"
API_VERSION = "2024-10-21"


class StaticCredential:
    """A TokenCredential that never leaves the process."""

    def get_token(self, *scopes: str, **kwargs: object) -> AccessToken:
        return AccessToken("static-test-token", int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: object = None) -> AccessTokenInfo:
        return AccessTokenInfo("static-test-token", int(time.time()) + 3600)


def cognitive(double: AzureDouble, world: World) -> CognitiveServicesManagementClient:
    return CognitiveServicesManagementClient(
        StaticCredential(), world.subscription_id, base_url=double.arm_url,
        connection_verify=str(double.ca_pem), polling_interval=0, retry_total=0)


def authorization(double: AzureDouble, world: World) -> AuthorizationManagementClient:
    return AuthorizationManagementClient(
        StaticCredential(), world.subscription_id, base_url=double.arm_url,
        connection_verify=str(double.ca_pem), retry_total=0)


def http_client(double: AzureDouble, **kwargs: object) -> httpx2.Client:
    return httpx2.Client(verify=ssl.create_default_context(cafile=str(double.ca_pem)),
                         **kwargs)  # type: ignore[arg-type]


def openai_client(double: AzureDouble, account: str = ACCOUNT, **kwargs: object) -> AzureOpenAI:
    options: dict[str, object] = {"api_key": "0f1e2d3c4b5a69780f1e2d3c4b5a6978"}
    options.update(kwargs)
    return AzureOpenAI(azure_endpoint=double.dataplane_url(account), api_version=API_VERSION,
                       max_retries=0, http_client=http_client(double),
                       **options)  # type: ignore[arg-type]


def arm_path(world: World, *tail: str) -> str:
    return "/".join([f"/subscriptions/{world.subscription_id}", *tail])


def account_path(world: World, *tail: str) -> str:
    return arm_path(world, f"resourceGroups/{GROUP}",
                    f"providers/Microsoft.CognitiveServices/accounts/{ACCOUNT}", *tail)
