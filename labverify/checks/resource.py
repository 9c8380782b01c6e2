"""Task 1: the Azure OpenAI resource."""

from __future__ import annotations

from typing import Any

from ..azure.errors import Missing
from ..catalogue import hint, message
from ..config import LabConfig
from ..verdicts import CouldNotVerify, LabFail, LabInProgress

IN_PROGRESS_STATES = {"creating", "accepted", "resolvingdns", "moving"}
FAILED_STATES = {"failed", "canceled", "deleting"}


def _props(account: Any) -> Any:
    return account.properties


def choose_account(accounts: list[Any], config: LabConfig) -> Any | None:
    """The account the lab is about, among those in the resource group.

    One account is taken as is, whatever is wrong with it, so that each other check reports
    its own fact. Among several, prefer the lab's name pattern, then Azure OpenAI accounts.
    """
    if not accounts:
        return None
    if len(accounts) == 1:
        return accounts[0]

    def rank(account: Any) -> tuple[int, int, str]:
        named = bool(config.account.name_pattern.fullmatch(account.name or ""))
        openai_kind = (account.kind or "").lower() == config.account.kind.lower()
        return (0 if named else 1, 0 if openai_kind else 1, account.name or "")

    return sorted(accounts, key=rank)[0]


def lab_account(read_accounts: Any, config: LabConfig) -> Any:
    """The lab's account, or LabFail saying there is none."""
    rg = config.resource_group
    create_hint = hint("resource.create", rg=rg,
                       region_label=config.azure.region_label,
                       example=config.account.name_example)
    try:
        accounts = read_accounts()
    except Missing as missing:
        if missing.code == "ResourceGroupNotFound":
            raise LabFail(
                message("resource.group_not_found", rg=rg),
                hint=hint("resource.subscription", rg=rg),
                evidence={"resource_group": rg, "code": missing.code}) from None
        raise CouldNotVerify(message("resource.list_not_found", rg=rg,
                                     detail=str(missing.message)), hint=hint("error.transient"),
                             evidence={"code": missing.code}) from None
    account = choose_account(accounts, config)
    if account is None:
        raise LabFail(message("resource.none", rg=rg), hint=create_hint,
                      evidence={"resource_group": rg, "accounts_seen": 0})
    return account


def evidence(account: Any, **extra: Any) -> dict[str, Any]:
    return {"account": account.name, "resource_id": account.id, **extra}


def check_exists(account: Any, accounts_seen: int, config: LabConfig) -> dict[str, Any]:
    return evidence(account, accounts_seen=accounts_seen)


def check_kind(account: Any, config: LabConfig) -> dict[str, Any]:
    want = config.account.kind
    if (account.kind or "").lower() != want.lower():
        raise LabFail(
            message("resource.kind", account=account.name, seen=repr(account.kind),
                    expected=want),
            hint=hint("resource.kind"),
            evidence=evidence(account, seen=account.kind, expected=want))
    return evidence(account, kind=account.kind)


def check_sku(account: Any, config: LabConfig) -> dict[str, Any]:
    want = config.account.sku
    seen = account.sku.name if account.sku else None
    if (seen or "").lower() != want.lower():
        raise LabFail(message("resource.sku", account=account.name, seen=repr(seen),
                              expected=want),
                      hint=hint("resource.sku", sku=want),
                      evidence=evidence(account, seen=seen, expected=want))
    return evidence(account, sku=seen)


def check_region(account: Any, config: LabConfig) -> dict[str, Any]:
    want = config.region
    seen = (account.location or "").replace(" ", "").lower()
    if seen != want.lower():
        label = config.azure.region_label
        raise LabFail(
            message("resource.region", account=account.name, seen=repr(account.location),
                    expected=want),
            hint=hint("resource.region", region_label=label),
            evidence=evidence(account, seen=account.location, expected=want))
    return evidence(account, region=account.location)


def check_name(account: Any, config: LabConfig) -> dict[str, Any]:
    pattern = config.account.name_pattern.pattern
    if not config.account.name_pattern.fullmatch(account.name or ""):
        raise LabFail(
            message("resource.name", seen=repr(account.name), pattern=pattern),
            hint=hint("resource.name", example=config.account.name_example),
            evidence=evidence(account, seen=account.name, expected=pattern))
    return evidence(account)


def check_provisioned(account: Any, config: LabConfig) -> dict[str, Any]:
    state = getattr(_props(account), "provisioning_state", None) or ""
    if state.lower() == "succeeded":
        return evidence(account, provisioning_state=state)
    if state.lower() in IN_PROGRESS_STATES:
        raise LabInProgress(message("resource.creating", account=account.name, state=state),
                            hint=hint("resource.creating"),
                            evidence=evidence(account, provisioning_state=state))
    if state.lower() not in FAILED_STATES:
        raise CouldNotVerify(message("resource.unknown_state", account=account.name,
                                     state=repr(state or "none")),
                             hint=hint("error.unknown_state"),
                             evidence=evidence(account, provisioning_state=state))
    raise LabFail(message("resource.failed", account=account.name, state=repr(state)),
                  hint=hint("resource.failed"),
                  evidence=evidence(account, provisioning_state=state, expected="Succeeded"))


def check_endpoint_set(account: Any, config: LabConfig) -> dict[str, Any]:
    endpoint = getattr(_props(account), "endpoint", None)
    if not endpoint:
        raise LabFail(message("resource.no_endpoint", account=account.name),
                      hint=hint("resource.no_endpoint"),
                      evidence=evidence(account, endpoint=endpoint))
    return evidence(account, endpoint=endpoint)
