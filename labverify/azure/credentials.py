"""Credentials for each mode.

Replay never touches DefaultAzureCredential: it probes the instance metadata endpoint and
shells out to ``az``, neither of which socket blocking can see.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from azure.core.credentials import AccessToken, AccessTokenInfo

REPLAY_TOKEN = "replay-token"


class StaticCredential:
    """A TokenCredential that hands out one fixed token; for replay and the Azure double."""

    def __init__(self, token: str = REPLAY_TOKEN) -> None:
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        return AccessTokenInfo(self._token, int(time.time()) + 3600)

    def close(self) -> None:
        return None


def live_credential() -> Any:
    from azure.identity import DefaultAzureCredential

    # Interactive browser sign-in would hang an unattended grading run.
    return DefaultAzureCredential(exclude_interactive_browser_credential=True)


def token_claims(token: str) -> dict[str, Any]:
    """The unverified claims of a JWT; used only to learn the signed-in identity's ids."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


ARM_SCOPE = "https://management.azure.com/.default"


def signed_in_identity(credential: Any) -> tuple[str | None, str | None]:
    """(object id, tenant id) of whoever the credential signs in as, from the ARM token."""
    claims = token_claims(credential.get_token(ARM_SCOPE).token)
    return claims.get("oid"), claims.get("tid")
