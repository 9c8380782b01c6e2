"""Task 4 and 5 checks, and the student-machine readers behind them."""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest
from azure.mgmt.cognitiveservices.models import Account

from labverify.checks import machine
from labverify.config import load_config
from labverify.local.environment import key_match, read_environment
from labverify.local.facts import MachineFacts, default_labfiles
from labverify.local.interpreter import probe_interpreter
from labverify.verdicts import CouldNotVerify, LabFail

CONFIG = load_config()
KEY1, KEY2 = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
ENDPOINT = "https://azureopenai-finetune21.openai.azure.com/"
ACCOUNT = Account.deserialize({"name": "AzureOpenAI-Finetune21",
                               "properties": {"endpoint": ENDPOINT}})


def interp(**libraries: Any) -> dict[str, Any]:
    return {"ran": True, "python": "3.11.7", "executable": "python",
            "libraries": {name: {"version": v, "importable": v is not None}
                          for name, v in libraries.items()}}


def test_the_handouts_libraries_pass() -> None:
    facts = interp(openai="0.28.1", requests="2.31.0", tiktoken="0.7.0", numpy="1.26.4")
    for name in ("openai", "requests", "tiktoken", "numpy"):
        assert machine.check_library(name, facts, CONFIG)["version"]


def test_a_missing_library_fails_with_the_pip_command() -> None:
    with pytest.raises(LabFail) as err:
        machine.check_library("numpy", interp(numpy=None), CONFIG)
    assert 'pip install "openai==0.28.1" requests tiktoken numpy' in err.value.hint


def test_the_current_openai_is_the_wrong_version_for_the_handout() -> None:
    with pytest.raises(LabFail, match=r"openai 1.54.0 is installed; the lab needs openai==0.28.\*"):
        machine.check_library("openai", interp(openai="1.54.0"), CONFIG)


def test_an_interpreter_that_cannot_run_is_could_not_verify(tmp_path: Path) -> None:
    facts = probe_interpreter(tmp_path / "no-such-python", ["numpy"])
    assert facts["ran"] is False and "cannot run" in facts["error"]
    with pytest.raises(CouldNotVerify):
        machine.check_library("numpy", facts, CONFIG)


def test_probing_a_real_interpreter_reports_versions() -> None:
    facts = probe_interpreter(sys.executable, ["tiktoken", "surely-not-installed-lib"])
    assert facts["ran"] is True
    assert facts["libraries"]["tiktoken"]["version"]
    assert facts["libraries"]["surely-not-installed-lib"] == {"version": None, "importable": False}


def env(**values: str) -> dict[str, Any]:
    return read_environment("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT",
                            key1=KEY1, key2=KEY2, environ=values)


def test_key_matching_never_keeps_the_key() -> None:
    facts = env(AZURE_OPENAI_API_KEY=KEY2, AZURE_OPENAI_ENDPOINT=ENDPOINT)
    assert facts["AZURE_OPENAI_API_KEY"]["matches"] == "key2"
    assert KEY2 not in repr(facts)
    assert machine.check_key(facts, "AZURE_OPENAI_API_KEY", "acc")["matches"] == "key2"
    assert key_match("other", KEY1, KEY2) == "neither"


@pytest.mark.parametrize("value, words", [
    (f'"{KEY1}"', "quotes or spaces"), (f"{KEY1} ", "quotes or spaces"),
    ("0" * 32, "neither KEY 1 nor KEY 2"),
])
def test_wrong_keys_get_specific_hints(value: str, words: str) -> None:
    facts = env(AZURE_OPENAI_API_KEY=value)
    with pytest.raises(LabFail, match=words) as err:
        machine.check_key(facts, "AZURE_OPENAI_API_KEY", "acc")
    assert KEY1 not in str(err.value.evidence)


def test_unset_variables_fail() -> None:
    with pytest.raises(LabFail, match="is not set"):
        machine.check_set(env(), "AZURE_OPENAI_API_KEY")


def test_a_setx_variable_invisible_until_a_new_terminal_gets_its_own_hint() -> None:
    facts = {"AZURE_OPENAI_ENDPOINT": {"set": False, "set_for_new_terminals_only": True}}
    with pytest.raises(LabFail, match="not in this terminal") as err:
        machine.check_set(facts, "AZURE_OPENAI_ENDPOINT")
    assert "open a new one" in err.value.hint


@pytest.mark.parametrize("value", [ENDPOINT, ENDPOINT.rstrip("/"),
                                   "https://AzureOpenAI-Finetune21.openai.azure.com"])
def test_endpoint_ignores_trailing_slash_and_host_case(value: str) -> None:
    assert machine.check_endpoint(env(AZURE_OPENAI_ENDPOINT=value), "AZURE_OPENAI_ENDPOINT", ACCOUNT)


def test_a_wrong_or_swapped_endpoint_fails_without_recording_a_key() -> None:
    with pytest.raises(LabFail, match="not the endpoint of"):
        machine.check_endpoint(env(AZURE_OPENAI_ENDPOINT="https://other.openai.azure.com/"),
                               "AZURE_OPENAI_ENDPOINT", ACCOUNT)
    swapped = env(AZURE_OPENAI_ENDPOINT=KEY1)
    assert KEY1 not in repr(swapped)
    with pytest.raises(LabFail, match="holds an API key"):
        machine.check_endpoint(swapped, "AZURE_OPENAI_ENDPOINT", ACCOUNT)


def test_labfiles_default_follows_the_platform() -> None:
    folder = default_labfiles(r"C:\Labfiles")
    if sys.platform == "win32":
        assert folder == Path(r"C:\Labfiles")
    else:
        assert folder == Path.home() / "Labfiles"
    assert PureWindowsPath(r"C:\Labfiles").name == "Labfiles"


def test_machine_facts_round_trip_through_a_session(tmp_path: Path) -> None:
    labfiles = tmp_path / "Labfiles"
    labfiles.mkdir()
    (labfiles / "training_set.jsonl").write_text("{}\n", encoding="utf-8")
    session = tmp_path / "session"
    recorded = MachineFacts("record", session, labfiles=labfiles, student_python=None)
    assert recorded.get("interpreter", lambda: interp(numpy="2.0.0"))["ran"]
    recorded.save()
    replayed = MachineFacts("replay", session, labfiles=None, student_python=None)
    assert replayed.get("interpreter", lambda: pytest.fail("replay must not compute")) \
        == interp(numpy="2.0.0")
    assert replayed.get("environment", lambda: pytest.fail("replay must not compute")) is None
    assert (replayed.labfiles() / "training_set.jsonl").read_text() == "{}\n"
