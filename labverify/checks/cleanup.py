"""Task 10: the lab's resources deleted, the resource group kept."""

from __future__ import annotations

from typing import Any

from ..azure.errors import Missing
from ..catalogue import hint, message
from ..config import LabConfig
from ..verdicts import CouldNotVerify, LabFail


def check_group_kept(read_accounts: Any, config: LabConfig) -> dict[str, Any]:
    rg = config.resource_group
    try:
        read_accounts()
    except Missing as missing:
        if missing.code == "ResourceGroupNotFound":
            raise LabFail(message("cleanup.group_deleted", rg=rg),
                          hint=hint("cleanup.group"), evidence={"resource_group": rg}) from None
        raise CouldNotVerify(message("cleanup.not_found", code=missing.code, rg=rg),
                             hint=hint("error.transient")) from None
    return {"resource_group": rg}


def check_account_gone(read_accounts: Any, deleted: list[Any] | None,
                       config: LabConfig) -> dict[str, Any]:
    rg = config.resource_group
    try:
        accounts = read_accounts()
    except Missing:
        accounts = []  # the group itself is gone: check_group_kept reports that
    lab = [a for a in accounts if config.account.name_pattern.fullmatch(a.name or "")
           or (a.kind or "").lower() == config.account.kind.lower()]
    if lab:
        names = ", ".join(sorted(a.name for a in lab))
        raise LabFail(message("cleanup.still_there", rg=rg, names=names),
                      hint=hint("cleanup.delete", rg=rg, names=names),
                      evidence={"accounts": sorted(a.name for a in lab)})
    evidence: dict[str, Any] = {"resource_group": rg, "accounts_left": 0}
    mine = [d for d in (deleted or []) if config.account.name_pattern.fullmatch(d.name or "")
            and f"/resourcegroups/{rg.lower()}/" in (d.id or "").lower()]
    if mine:
        d = mine[0]
        purge = getattr(d.properties, "scheduled_purge_date", None)
        evidence.update(soft_deleted=d.name, scheduled_purge_date=purge, location=d.location,
                        purge_command=(f"az cognitiveservices account purge --name {d.name} "
                                       f"--resource-group {rg} --location {d.location}"),
                        note=f"{d.name} is soft-deleted and keeps its name until {purge}; "
                             "purge it to reuse the name sooner")
    return evidence
