"""Tasks 4 and 5: libraries in the student's Python, and the two environment variables."""

from __future__ import annotations

from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from ..config import LabConfig
from ..local.environment import normalise_endpoint
from ..verdicts import CouldNotVerify, LabFail

SETX_QUOTES_HINT = ('Set it again in Command Prompt with the value in plain double quotes: '
                    'setx {var} "<value>" (no single or curly quotes, no spaces around it), '
                    "then open a new terminal.")
NEW_TERMINAL_HINT = ("{var} was set with setx, which only reaches terminals opened afterwards: "
                     "close this terminal (and Jupyter), open a new one and check again.")


def interpreter_ran(facts: dict[str, Any] | None) -> dict[str, Any]:
    if not facts:
        raise CouldNotVerify("the session holds no facts about the student's Python",
                             hint="Record the session with labverify on the student's machine.")
    if not facts.get("ran"):
        raise CouldNotVerify(f"the student's Python could not be run: {facts.get('error')}",
                             hint="Pass --student-python with the interpreter the student "
                                  "uses for the lab (python on PATH by default).",
                             evidence={"executable": facts.get("executable")})
    return {"python": facts.get("python"), "executable": facts.get("executable")}


def check_library(name: str, facts: dict[str, Any] | None, config: LabConfig) -> dict[str, Any]:
    base = interpreter_ran(facts)
    rule = config.section("libraries")[name]
    seen = (facts or {}).get("libraries", {}).get(name) or {}
    version = seen.get("version")
    install = config.section("libraries")["install_command"]
    evidence = {**base, "library": name, "version": version, "required": rule or "any"}
    if not version or not seen.get("importable", True):
        raise LabFail(f"{name} is not installed in {base['executable']}",
                      hint=f"In the Command Prompt you use for the lab, run: {install}",
                      evidence=evidence)
    if rule:
        try:
            ok = Version(version) in SpecifierSet(rule)
        except (InvalidSpecifier, InvalidVersion):
            ok = False
        if not ok:
            raise LabFail(f"{name} {version} is installed; the lab needs {name}{rule}",
                          hint=f"Run: {install} (the handout's code needs {name}{rule}).",
                          evidence=evidence)
    return evidence


def _variable(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    if facts is None:
        raise CouldNotVerify("the session holds no facts about the environment variables",
                             hint="Record the session with labverify on the student's machine.")
    return facts.get(var) or {"set": False}


def check_set(facts: dict[str, Any] | None, var: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    if seen.get("set"):
        return {"variable": var, "set": True}
    if seen.get("set_for_new_terminals_only"):
        raise LabFail(f"{var} is set, but not in this terminal",
                      hint=NEW_TERMINAL_HINT.format(var=var), evidence={"variable": var})
    raise LabFail(f"{var} is not set",
                  hint=f'In Command Prompt run: setx {var} "<value from Keys and Endpoint>", '
                       "then open a new terminal.", evidence={"variable": var, "set": False})


def check_key(facts: dict[str, Any] | None, var: str, account_name: str) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    matches = seen.get("matches")
    evidence = {"variable": var, "matches": matches, "account": account_name}
    if matches in ("key1", "key2"):
        return evidence
    if matches is None:
        raise CouldNotVerify("the key could not be compared with the resource's keys",
                             hint="Grade again once the resource's keys can be read (task 3).",
                             evidence=evidence)
    if seen.get("matches_when_cleaned") in ("key1", "key2") or seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(f"{var} holds the key with quotes or spaces around it",
                      hint=SETX_QUOTES_HINT.format(var=var), evidence=evidence)
    raise LabFail(f"{var} is neither KEY 1 nor KEY 2 of {account_name}",
                  hint=f"Copy KEY 1 from {account_name} > Keys and Endpoint and set it again "
                       f'with setx {var} "<KEY 1>" (a regenerated key replaces the old one).',
                  evidence=evidence)


def check_endpoint(facts: dict[str, Any] | None, var: str, account: Any) -> dict[str, Any]:
    seen = _variable(facts, var)
    check_set(facts, var)
    want = getattr(account.properties, "endpoint", None) or ""
    value = seen.get("value") or ""
    evidence = {"variable": var, "value": value, "expected": want, "account": account.name}
    if seen.get("holds_key"):
        raise LabFail(f"{var} holds an API key, not the endpoint",
                      hint=f"The two variables are swapped: set {var} to the Endpoint from "
                           "Keys and Endpoint.", evidence={**evidence, "value": "<a key>"})
    if normalise_endpoint(value) == normalise_endpoint(want):
        return evidence
    if seen.get("quoted") or seen.get("whitespace"):
        raise LabFail(f"{var} has quotes or spaces around the endpoint",
                      hint=SETX_QUOTES_HINT.format(var=var), evidence=evidence)
    raise LabFail(f"{var} is {value!r}, not the endpoint of {account.name} ({want})",
                  hint=f"Copy the Endpoint from {account.name} > Keys and Endpoint and set "
                       f'it again: setx {var} "{want}"', evidence=evidence)
