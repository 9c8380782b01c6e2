"""A grader who is not signed in gets "could not verify" and what to do, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import ClientAuthenticationError

from labverify import run as run_module
from labverify.azure.errors import classify
from labverify.config import load_config
from labverify.errors import LabverifyError
from labverify.options import RunOptions
from labverify.run import LabRun
from labverify.verdicts import CouldNotVerify


class SignedOut:
    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token")


def test_no_credential_is_could_not_verify_with_the_sign_in_hint() -> None:
    got = classify(ClientAuthenticationError("DefaultAzureCredential failed"), "the accounts")
    assert isinstance(got, CouldNotVerify)
    assert got.hint.key == "error.sign_in" and "could not sign in" in got.message


def test_a_signed_out_self_check_explains_how_to_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module, "live_credential", SignedOut)
    options = RunOptions(mode="live", subscription_id="11111111-2222-3333-4444-555555555555")
    with pytest.raises(LabverifyError, match="az login, or pass --principal"):
        LabRun(load_config(), options)
