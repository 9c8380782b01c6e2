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
