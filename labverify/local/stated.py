"""Student-machine facts stated by a world file, for synthesized sessions.

A world's ``[machine]`` table says what tasks 4-6 would find on the student's computer in
a few words; this turns it into the same facts a live run records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

API_KEY_STATES = ("key1", "key2", "neither", "unset", "quoted", "new-terminal")


def interpreter_facts(machine: dict[str, Any]) -> dict[str, Any]:
    if machine.get("python_error"):
        return {"ran": False, "error": machine["python_error"], "executable": "python"}
    libraries = {name: {"version": version or None, "importable": bool(version)}
                 for name, version in machine.get("libraries", {}).items()}
    return {"ran": True, "error": None, "python": machine.get("python", "3.11.9"),
            "executable": machine.get("executable", "python"), "libraries": libraries}


def _variable(state: str) -> dict[str, Any]:
    if state == "unset":
        return {"set": False, "set_for_new_terminals_only": False}
    if state == "new-terminal":
        return {"set": False, "set_for_new_terminals_only": True}
    return {"set": True, "set_for_new_terminals_only": False, "quoted": False,
            "whitespace": False}


def environment_facts(machine: dict[str, Any], api_key_var: str, endpoint_var: str,
                      account_endpoint: str | None) -> dict[str, Any]:
    key_state = machine.get("api_key", "key1")
    key = _variable(key_state)
    if key["set"]:
        if key_state == "quoted":
            key.update(quoted=True, matches="neither", matches_when_cleaned="key1")
        else:
            key.update(matches=key_state, matches_when_cleaned=key_state)
    endpoint_state = machine.get("endpoint", "account")
    endpoint = _variable(endpoint_state if endpoint_state in ("unset", "new-terminal") else "set")
    if endpoint["set"]:
        value = account_endpoint if endpoint_state == "account" else endpoint_state
        endpoint.update(value=value or "", holds_key=False)
    return {api_key_var: key, endpoint_var: endpoint}


def stated_facts(machine: dict[str, Any] | None, world_file: Path, *, api_key_var: str,
                 endpoint_var: str, account_endpoint: str | None) -> dict[str, Any] | None:
    if machine is None:
        return None
    facts: dict[str, Any] = {
        "interpreter": interpreter_facts(machine),
        "environment": environment_facts(machine, api_key_var, endpoint_var, account_endpoint),
    }
    if machine.get("labfiles"):
        facts["labfiles"] = str((world_file.parent / machine["labfiles"]).resolve())
    return facts
