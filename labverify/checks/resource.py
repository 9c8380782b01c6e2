"""Task 1: the Azure OpenAI resource."""

from __future__ import annotations

from typing import Any

from ..azure.errors import Missing
from ..catalogue import hint
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
                f"resource group {rg} was not found in the subscription",
                hint=hint("resource.subscription", rg=rg),
                evidence={"resource_group": rg, "code": missing.code}) from None
        raise CouldNotVerify(f"Azure answered 404 listing the accounts of {rg}: "
                             f"{missing.message}", hint=hint("error.transient"),
                             evidence={"code": missing.code}) from None
    account = choose_account(accounts, config)
    if account is None:
        raise LabFail(f"no Azure OpenAI resource in resource group {rg}", hint=create_hint,
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
            f"{account.name} is of kind {account.kind!r}, not {want!r}",
            hint=hint("resource.kind"),
            evidence=evidence(account, seen=account.kind, expected=want))
    return evidence(account, kind=account.kind)


def check_sku(account: Any, config: LabConfig) -> dict[str, Any]:
    want = config.account.sku
    seen = account.sku.name if account.sku else None
    if (seen or "").lower() != want.lower():
        raise LabFail(f"{account.name} has pricing tier {seen!r}, not {want!r}",
                      hint=hint("resource.sku", sku=want),
                      evidence=evidence(account, seen=seen, expected=want))
    return evidence(account, sku=seen)


def check_region(account: Any, config: LabConfig) -> dict[str, Any]:
    want = config.region
    seen = (account.location or "").replace(" ", "").lower()
    if seen != want.lower():
        label = config.azure.region_label
        raise LabFail(
            f"{account.name} is in region {account.location!r}, not {want!r}",
            hint=hint("resource.region", region_label=label),
            evidence=evidence(account, seen=account.location, expected=want))
    return evidence(account, region=account.location)


def check_name(account: Any, config: LabConfig) -> dict[str, Any]:
    pattern = config.account.name_pattern.pattern
    if not config.account.name_pattern.fullmatch(account.name or ""):
        raise LabFail(
            f"resource name {account.name!r} does not match {pattern}",
            hint=hint("resource.name", example=config.account.name_example),
            evidence=evidence(account, seen=account.name, expected=pattern))
    return evidence(account)


def check_provisioned(account: Any, config: LabConfig) -> dict[str, Any]:
    state = getattr(_props(account), "provisioning_state", None) or ""
    if state.lower() == "succeeded":
        return evidence(account, provisioning_state=state)
    if state.lower() in IN_PROGRESS_STATES:
        raise LabInProgress(f"{account.name} is still being created ({state})",
                            hint=hint("resource.creating"),
                            evidence=evidence(account, provisioning_state=state))
    if state.lower() not in FAILED_STATES:
        raise CouldNotVerify(f"{account.name} reports provisioning state {state or 'none'!r}, "
                             "which labverify does not know", hint=hint("error.unknown_state"),
                             evidence=evidence(account, provisioning_state=state))
    raise LabFail(f"{account.name} provisioning state is {state!r}, not 'Succeeded'",
                  hint=hint("resource.failed"),
                  evidence=evidence(account, provisioning_state=state, expected="Succeeded"))


def check_endpoint_set(account: Any, config: LabConfig) -> dict[str, Any]:
    endpoint = getattr(_props(account), "endpoint", None)
    if not endpoint:
        raise LabFail(f"{account.name} has no endpoint",
                      hint=hint("resource.no_endpoint"),
                      evidence=evidence(account, endpoint=endpoint))
    return evidence(account, endpoint=endpoint)
