"""Tasks 4 and 5: libraries in the student's Python, and the two environment variables."""

from __future__ import annotations

from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..catalogue import hint, message
from ..config import LabConfig
from ..local.environment import normalise_endpoint, not_a_url_length
from ..local.interpreter import failure_message
from ..verdicts import CouldNotVerify, LabFail


def interpreter_ran(facts: dict[str, Any] | None) -> dict[str, Any]:
    if not facts:
        raise CouldNotVerify(message("machine.no_python_facts"), hint=hint("machine.no_facts"))
    if not facts.get("ran"):
        raise CouldNotVerify(failure_message(facts.get("error")),
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
        raise LabFail(message("machine.not_installed", library=name,
                              executable=str(base["executable"])),
                      hint=hint("machine.install", install=install),
                      evidence=evidence)
    if rule:
        try:
            ok = Version(version) in SpecifierSet(rule)
        except (InvalidSpecifier, InvalidVersion):
            ok = False
        if not ok:
            raise LabFail(message("machine.wrong_version", library=name, version=version,
                                  rule=rule),
                          hint=hint("machine.version", install=install, name=name, rule=rule),
                          evidence=evidence)
    return evidence


def _variable(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    if facts is None:
        raise CouldNotVerify(message("machine.no_environment_facts"),
                             hint=hint("machine.no_facts"))
    return facts.get(var) or {"set": False}


def check_set(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    if seen.get("set"):
        return {"variable": var, "set": True}
    if seen.get("set_for_new_terminals_only"):
        raise LabFail(message("machine.new_terminal", var=var),
                      hint=hint("machine.new_terminal", var=var), evidence={"variable": var})
    raise LabFail(message("machine.unset", var=var),
                  hint=hint("machine.setx", var=var), evidence={"variable": var, "set": False})


def check_key(facts: dict[str, Any] | None, var: str, account_name: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    matches = seen.get("matches")
    evidence = {"variable": var, "matches": matches, "account": account_name}
    if matches in ("key1", "key2"):
        return evidence
    if matches is None:
        raise CouldNotVerify(message("machine.keys_unreadable"),
                             hint=hint("machine.keys_unreadable"),
                             evidence=evidence)
    if seen.get("matches_when_cleaned") in ("key1", "key2") or seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(message("machine.key_quoted", var=var),
                      hint=hint("machine.quotes", var=var), evidence=evidence)
    raise LabFail(message("machine.key_neither", var=var, account=account_name),
                  hint=hint("machine.key_neither", account=account_name, var=var),
                  evidence=evidence)


def check_endpoint(facts: dict[str, Any] | None, var: str, account: Any) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    want = getattr(account.properties, "endpoint", None) or ""
    value = seen.get("value") or ""
    evidence = {"variable": var, "value": value, "expected": want, "account": account.name}
    if seen.get("holds_key"):
        raise LabFail(message("machine.endpoint_holds_key", var=var),
                      hint=hint("machine.swapped", var=var), evidence={**evidence, "value": "<a key>"})
    if normalise_endpoint(value) == normalise_endpoint(want):
        return evidence
    if seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(message("machine.endpoint_quoted", var=var),
                      hint=hint("machine.quotes", var=var), evidence=evidence)
    length = not_a_url_length(value)
    wrong = (message("machine.endpoint_wrong", var=var, value=repr(value), account=account.name,
                     expected=want) if length is None else
             message("machine.endpoint_not_a_url", var=var, length=length, account=account.name,
                     expected=want))
    raise LabFail(wrong,
                  hint=hint("machine.endpoint", account=account.name, var=var, endpoint=want),
                  evidence=evidence)
