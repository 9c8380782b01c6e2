"""Tasks 4 and 5: libraries in the student's Python, and the two environment variables."""

from __future__ import annotations

from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..catalogue import hint
from ..config import LabConfig
from ..local.environment import normalise_endpoint
from ..verdicts import CouldNotVerify, LabFail


def interpreter_ran(facts: dict[str, Any] | None) -> dict[str, Any]:
    if not facts:
        raise CouldNotVerify("labverify holds no facts about the student's Python (tasks 4-6 "
                             "are seen on the student's machine or in a session recorded there)",
                             hint=hint("machine.no_facts"))
    if not facts.get("ran"):
        raise CouldNotVerify(f"the student's Python could not be run: {facts.get('error')}",
                             hint=hint("machine.python"),
                             evidence={"executable": facts.get("executable")})
    return {"python": facts.get("python"), "executable": facts.get("executable")}


def check_library(name: str, facts: dict[str, Any] | None, config: LabConfig) -> dict[str, Any]:
    base = interpreter_ran(facts)
    rule = config.libraries.rules[name]
    seen = (facts or {}).get("libraries", {}).get(name) or {}
    version = seen.get("version")
    install = config.libraries.install_command
    evidence = {**base, "library": name, "version": version, "required": rule or "any"}
    if not version or not seen.get("importable", True):
        raise LabFail(f"{name} is not installed in {base['executable']}",
                      hint=hint("machine.install", install=install),
                      evidence=evidence)
    if rule:
        try:
            ok = Version(version) in SpecifierSet(rule)
        except (InvalidSpecifier, InvalidVersion):
            ok = False
        if not ok:
            raise LabFail(f"{name} {version} is installed; the lab needs {name}{rule}",
                          hint=hint("machine.version", install=install, name=name, rule=rule),
                          evidence=evidence)
    return evidence


def _variable(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    if facts is None:
        raise CouldNotVerify("labverify holds no facts about the student's environment variables "
                             "(seen on the student's machine or in a session recorded there)",
                             hint=hint("machine.no_facts"))
    return facts.get(var) or {"set": False}


def check_set(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    if seen.get("set"):
        return {"variable": var, "set": True}
    if seen.get("set_for_new_terminals_only"):
        raise LabFail(f"{var} is set, but not in this terminal",
                      hint=hint("machine.new_terminal", var=var), evidence={"variable": var})
    raise LabFail(f"{var} is not set",
                  hint=hint("machine.setx", var=var), evidence={"variable": var, "set": False})


def check_key(facts: dict[str, Any] | None, var: str, account_name: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    matches = seen.get("matches")
    evidence = {"variable": var, "matches": matches, "account": account_name}
    if matches in ("key1", "key2"):
        return evidence
    if matches is None:
        raise CouldNotVerify("the key could not be compared with the resource's keys",
                             hint=hint("machine.keys_unreadable"),
                             evidence=evidence)
    if seen.get("matches_when_cleaned") in ("key1", "key2") or seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(f"{var} holds the key with quotes or spaces around it",
                      hint=hint("machine.quotes", var=var), evidence=evidence)
    raise LabFail(f"{var} is neither KEY 1 nor KEY 2 of {account_name}",
                  hint=hint("machine.key_neither", account=account_name, var=var),
                  evidence=evidence)


def check_endpoint(facts: dict[str, Any] | None, var: str, account: Any) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    want = getattr(account.properties, "endpoint", None) or ""
    value = seen.get("value") or ""
    evidence = {"variable": var, "value": value, "expected": want, "account": account.name}
    if seen.get("holds_key"):
        raise LabFail(f"{var} holds an API key, not the endpoint",
                      hint=hint("machine.swapped", var=var), evidence={**evidence, "value": "<a key>"})
    if normalise_endpoint(value) == normalise_endpoint(want):
        return evidence
    if seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(f"{var} has quotes or spaces around the endpoint",
                      hint=hint("machine.quotes", var=var), evidence=evidence)
    raise LabFail(f"{var} is {value!r}, not the endpoint of {account.name} ({want})",
                  hint=hint("machine.endpoint", account=account.name, var=var, endpoint=want),
                  evidence=evidence)
