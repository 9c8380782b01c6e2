"""Secrets are scrubbed and identifiers replaced before vcrpy writes a cassette."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vcr
from vcr.request import Request

from labverify.recording.sanitize import Sanitizer, placeholder

SUB = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
TENANT = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
PRINCIPAL = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
KEY_CANARY = "c4n4ryk3y0000000000000000000dead"
TOKEN_CANARY = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.canarytoken.sig"
SECRET_CANARY = "canary-client-secret~value"
SAS_CANARY = "canarySASsignature%2Babc%3D"
COOKIE_CANARY = "canary-cookie-session"


def make_sanitizer() -> Sanitizer:
    return Sanitizer(known={SUB: "subscription", PRINCIPAL: "principal"},
                     host_map={"127.0.0.1:54321": "management.azure.com"})


def test_placeholders_are_stable_format_valid_guids() -> None:
    s = make_sanitizer()
    assert s.identifier(SUB, "subscription") == placeholder("subscription", 1)
    assert s.identifier(SUB.upper(), "subscription") == placeholder("subscription", 1)
    assert s.identifier(TENANT, "tenant") == "00000000-0000-0000-bbbb-000000000001"
    other = "99999999-8888-4777-8666-555555555555"
    assert s.identifier(other, "principal") == placeholder("principal", 2)
    # An id already replaced is left as it is.
    assert s.identifier(placeholder("principal", 2), "principal") == placeholder("principal", 2)


def test_request_headers_ids_and_hosts() -> None:
    s = make_sanitizer()
    request = Request(
        "POST",
        f"https://127.0.0.1:54321/subscriptions/{SUB}/resourceGroups/rg/providers/"
        f"Microsoft.CognitiveServices/accounts/AzureOpenAI-Finetune21/listKeys?api-version=2025-09-01",
        b"",
        {"Authorization": f"Bearer {TOKEN_CANARY}", "api-key": KEY_CANARY,
         "Cookie": COOKIE_CANARY, "x-ms-client-request-id": "random", "Accept": "application/json"})
    out = s.before_record_request(request)
    assert out.uri.startswith("https://management.azure.com/subscriptions/"
                              "00000000-0000-0000-aaaa-000000000001/resourceGroups/rg/")
    assert "AzureOpenAI-Finetune21" in out.uri  # names the checks assert on are kept
    assert dict(out.headers) == {"Accept": "application/json"}


def test_token_endpoint_traffic_is_never_recorded() -> None:
    s = make_sanitizer()
    for uri in (f"https://login.microsoftonline.com/{TENANT}/oauth2/v2.0/token",
                "http://169.254.169.254/metadata/identity/oauth2/token?resource=x"):
        assert s.before_record_request(Request("POST", uri, b"client_secret=x", {})) is None


def test_response_keys_ids_and_headers_are_scrubbed() -> None:
    s = make_sanitizer()
    body = json.dumps({"key1": KEY_CANARY, "key2": KEY_CANARY[::-1],
                       "properties": {"principalId": PRINCIPAL, "tenantId": TENANT,
                                      "scope": f"/subscriptions/{SUB}",
                                      "url": f"https://x.blob.core.windows.net/c?sv=1&sig={SAS_CANARY}"},
                       "systemData": {"createdBy": "student@contoso.com"},
                       "name": "gpt-4o-mini-2024-07-18-ft"})
    response = {"status": {"code": 200, "message": "OK"},
                "headers": {"Set-Cookie": [COOKIE_CANARY], "Content-Type": ["application/json"],
                            "Azure-AsyncOperation": [f"https://127.0.0.1:54321/subscriptions/{SUB}/op"],
                            "x-ms-request-id": ["abc"]},
                "body": {"string": body.encode()}}
    out = s.before_record_response(response)
    text = json.dumps(out, default=str)
    for canary in (KEY_CANARY, KEY_CANARY[::-1], PRINCIPAL, TENANT, SUB, SAS_CANARY,
                   COOKIE_CANARY, "student@contoso.com", "127.0.0.1"):
        assert canary not in text
    data = json.loads(out["body"]["string"])
    assert data["key1"] == "redacted-key1" and data["name"] == "gpt-4o-mini-2024-07-18-ft"
    assert data["properties"]["principalId"] == placeholder("principal", 1)
    assert data["properties"]["tenantId"] == placeholder("tenant", 1)
    assert set(out["headers"]) == {"Content-Type", "Azure-AsyncOperation"}


def test_form_bodies_and_bearer_text_are_scrubbed() -> None:
    s = make_sanitizer()
    body = f"grant_type=client_credentials&client_secret={SECRET_CANARY}&client_assertion=abc"
    assert SECRET_CANARY not in s.body(body)
    assert TOKEN_CANARY not in s.text(f"Authorization: Bearer {TOKEN_CANARY}")


@pytest.mark.parametrize("body", [b"\x00\xff binary", b"", None, "not json {"])
def test_odd_bodies_do_not_break_the_sanitizer(body: bytes | str | None) -> None:
    assert make_sanitizer().body(body) == body


def test_a_cassette_written_by_vcrpy_holds_no_canary(tmp_path: Path) -> None:
    """Through vcrpy's own save path: nothing planted reaches the file."""
    s = make_sanitizer()
    recorder = vcr.VCR(record_mode="all", before_record_request=s.before_record_request,
                       before_record_response=s.before_record_response)
    path = tmp_path / "c.yaml"
    with recorder.use_cassette(str(path)) as cassette:
        request = Request(
            "GET", f"https://127.0.0.1:54321/subscriptions/{SUB}/x?sig={SAS_CANARY}", None,
            {"Authorization": f"Bearer {TOKEN_CANARY}", "api-key": KEY_CANARY,
             "Cookie": COOKIE_CANARY})
        cassette.append(request, {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Set-Cookie": [COOKIE_CANARY]},
            "body": {"string": json.dumps({"key1": KEY_CANARY, "access_token": TOKEN_CANARY,
                                           "client_secret": SECRET_CANARY,
                                           "tenantId": TENANT}).encode()}})
    written = path.read_text(encoding="utf-8")
    assert "management.azure.com" in written
    for canary in (KEY_CANARY, TOKEN_CANARY, SECRET_CANARY, SAS_CANARY, COOKIE_CANARY,
                   SUB, TENANT, "canarytoken"):
        assert canary not in written, canary


def test_multipart_boundaries_are_fixed_so_recordings_are_stable() -> None:
    s = make_sanitizer()
    body = b"--abc123\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--abc123--\r\n"
    request = Request("POST", "https://127.0.0.1:54321/openai/files", body,
                      {"Content-Type": "multipart/form-data; boundary=abc123"})
    out = s.before_record_request(request)
    assert b"abc123" not in out.body and b"--labverify-boundary--" in out.body
    assert dict(out.headers)["Content-Type"] == "multipart/form-data; boundary=labverify-boundary"
