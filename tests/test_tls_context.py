"""TLS contexts are loaded once per CA bundle, never reused for a different bundle."""

from __future__ import annotations

import ssl
from pathlib import Path

import trustme

from labverify.azure.clients import ssl_context


def test_one_context_per_bundle_text(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    first = ssl_context(str(bundle))
    assert isinstance(first, ssl.SSLContext)
    assert ssl_context(str(bundle)) is first
    # A new CA written at the same path (a new Azure double) gets a context of its own.
    trustme.CA().cert_pem.write_to_path(str(bundle))
    second = ssl_context(str(bundle))
    assert second is not first
    assert len(second.get_ca_certs()) == 1


def test_system_store_and_no_verification() -> None:
    assert ssl_context(True) is ssl_context(True)
    assert ssl_context(True).verify_mode == ssl.CERT_REQUIRED
    assert ssl_context(False) is False


def test_replay_data_plane_trusts_no_certificate() -> None:
    # A replay never connects: its OpenAI client verifies every certificate against an empty
    # store, so a handshake that slipped past the network block cannot succeed, and the
    # system store (tens of milliseconds) is not loaded for nothing.
    from labverify.azure.clients import openai_client
    from labverify.config import load_config
    from labverify.options import RunOptions
    from labverify.run import LabRun

    from .sessions import SESSIONS

    run = LabRun(load_config(), RunOptions(session=SESSIONS / "complete"))
    try:
        client = openai_client(run.target, "https://student.openai.azure.com/", api_key="k",
                               token_provider=None, api_version="2024-10-21", retries=0,
                               timeout=5)
        context = client._client._transport._pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0
    finally:
        run.finish()


def test_live_data_plane_trusts_the_system_store() -> None:
    from labverify.azure.clients import Target, openai_client

    client = openai_client(Target(arm_url="https://management.azure.com", credential=None),
                           "https://student.openai.azure.com/", api_key="k",
                           token_provider=None, api_version="2024-10-21", retries=0, timeout=5)
    assert client._client._transport._pool._ssl_context is ssl_context(True)
