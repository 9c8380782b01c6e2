"""Tasks 1-5 say what they saw with the catalogue's sentences, in English and in zh-TW."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from azure.mgmt.cognitiveservices.models import Account, ApiKeys

from labverify.azure.errors import Missing
from labverify.catalogue import LANGUAGES, Text, catalogue, render
from labverify.checks import keys, machine, resource, roles
from labverify.config import load_config
from labverify.local.environment import read_environment
from labverify.local.facts import LABFILES_DIR, MachineFacts
from labverify.local.interpreter import failure_message, probe_interpreter
from labverify.paths import CATALOGUE_DIR
from labverify.verdicts import LabOutcome

from ..sessions import SESSIONS, bundled_sessions, expectations, results

CJK = re.compile(r"[\u4e00-\u9fff]")
SETUP_CHECK = re.compile(r"t[1-5]-")
CONFIG = load_config()
SUB = "00000000-0000-0000-aaaa-000000000001"
RG_ID = f"/subscriptions/{SUB}/resourceGroups/ResourceGroup1"
ACCOUNT_ID = f"{RG_ID}/providers/Microsoft.CognitiveServices/accounts/AzureOpenAI-Finetune21"
ENDPOINT = "https://azureopenai-finetune21.openai.azure.com/"
MG = "/providers/Microsoft.Management/managementGroups/school"


def setup_sessions() -> list[str]:
    """The bundled sessions in which a check of tasks 1-5 does not pass."""
    expected = expectations()["sessions"]
    return [name for name in bundled_sessions()
            if any(SETUP_CHECK.match(pattern) and verdict != "pass"
                   for pattern, verdict in expected.get(name, {}).items())]


def test_the_sessions_cover_every_setup_task() -> None:
    names = setup_sessions()
    assert "no-account" in names
    for task in range(1, 6):
        assert any(name.startswith(f"t{task}-") for name in names), task


@pytest.mark.parametrize("session", setup_sessions())
def test_every_setup_result_that_does_not_pass_says_what_it_saw_in_each_language(
        session: str) -> None:
    seen = [r for r in results(SESSIONS / session)
            if 1 <= r.task <= 5 and r.verdict.value != "pass"]
    assert seen, f"{session}: every check of tasks 1-5 passes"
    for r in seen:
        where = (session, r.check_id, r.message)
        assert r.message_key, where
        assert r.message == render("messages", r.message_key, r.message_params, "en"), where
        zh = r.localized_message("zh-TW")
        assert CJK.search(zh), (where, zh)
        for name, value in r.message_params.items():
            if isinstance(value, str) and value:
                assert value in zh, (where, name, value, zh)


def test_every_broader_scope_has_its_own_sentence() -> None:
    # check_role names the message after the scope asked for and the broader one found.
    for wanted, broader in roles._BROADER.items():
        for kind in (*broader, "elsewhere"):
            key = f"roles.{wanted}." + (kind if kind == "elsewhere" else f"at_{kind}")
            for lang in LANGUAGES:
                assert key in catalogue(lang)["messages"], (lang, key)


def test_an_interpreter_that_cannot_run_is_named_in_each_language(tmp_path: Path) -> None:
    facts = probe_interpreter(tmp_path / "no-such-python", ["numpy"])
    said = failure_message(facts["error"])
    assert said.key == "machine.python.cannot_run"
    assert said == f"the student's Python could not be run: {facts['error']}"
    assert said.params["executable"] == str(tmp_path / "no-such-python")
    assert said.to("zh-TW").startswith("無法執行學生的 Python：")
    # A world's own words for the failure are shown as they are.
    stated = failure_message("python: command not found")
    assert stated.key == "machine.python_failed"
    assert stated == "the student's Python could not be run: python: command not found"
    assert failure_message("no python found on PATH").key == "machine.python.not_found"


def account(**changes: Any) -> Account:
    props = {"provisioningState": "Succeeded", "endpoint": ENDPOINT}
    props.update(changes.pop("properties", {}))
    data = {"id": ACCOUNT_ID, "name": "AzureOpenAI-Finetune21", "kind": "OpenAI",
            "sku": {"name": "S0"}, "location": "northcentralus", "properties": props}
    data.update(changes)
    return Account.deserialize(data)


def role(role_id: str) -> Any:
    return next(r for r in CONFIG.roles if r.id == role_id)


def granted(role_id: str, scope: str, kind: str) -> Callable[[], Any]:
    wanted = role(role_id)
    found = [roles.Grant(wanted.guid.lower(), scope, kind)]
    return lambda: roles.check_role(wanted, found, account_name="a", config=CONFIG)


def missing(code: str) -> Callable[[], Any]:
    def read() -> list:
        raise Missing(code, "The thing could not be found.")
    return lambda: resource.lab_account(read, CONFIG)


def environment(**values: str) -> dict[str, Any]:
    return read_environment("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", key1="k" * 32,
                            key2="j" * 32, environ=values)


def python(**libraries: str | None) -> dict[str, Any]:
    return {"ran": True, "python": "3.11.7", "executable": "python",
            "libraries": {name: {"version": v, "importable": v is not None}
                          for name, v in libraries.items()}}


KEY_VAR, ENDPOINT_VAR = "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"
NAME = "AzureOpenAI-Finetune21"
# Each sentence of messages-setup.toml, raised by its check, with the English it reads.
CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("resource.group_not_found", missing("ResourceGroupNotFound"),
     "resource group ResourceGroup1 was not found in the subscription"),
    ("resource.list_not_found", missing("NotFound"),
     "Azure answered 404 listing the accounts of ResourceGroup1: The thing could not be found."),
    ("resource.none", lambda: resource.lab_account(lambda: [], CONFIG),
     "no Azure OpenAI resource in resource group ResourceGroup1"),
    ("resource.kind", lambda: resource.check_kind(account(kind="AIServices"), CONFIG),
     f"{NAME} is of kind 'AIServices', not 'OpenAI'"),
    ("resource.sku", lambda: resource.check_sku(account(sku=None), CONFIG),
     f"{NAME} has pricing tier None, not 'S0'"),
    ("resource.region", lambda: resource.check_region(account(location="eastus"), CONFIG),
     f"{NAME} is in region 'eastus', not 'northcentralus'"),
    ("resource.name", lambda: resource.check_name(account(name="my-openai"), CONFIG),
     r"resource name 'my-openai' does not match AzureOpenAI-Finetune\d+"),
    ("resource.creating", lambda: resource.check_provisioned(
        account(properties={"provisioningState": "Creating"}), CONFIG),
     f"{NAME} is still being created (Creating)"),
    ("resource.unknown_state", lambda: resource.check_provisioned(
        account(properties={"provisioningState": ""}), CONFIG),
     f"{NAME} reports provisioning state 'none', which labverify does not know"),
    ("resource.failed", lambda: resource.check_provisioned(
        account(properties={"provisioningState": "Failed"}), CONFIG),
     f"{NAME} provisioning state is 'Failed', not 'Succeeded'"),
    ("resource.no_endpoint", lambda: resource.check_endpoint_set(
        account(properties={"endpoint": None}), CONFIG), f"{NAME} has no endpoint"),
    ("roles.not_assigned", lambda: roles.check_role(role("openai-user"), [], account_name="a",
                                                    config=CONFIG),
     "Cognitive Services OpenAI User is not assigned to you"),
    ("roles.account.elsewhere", granted("openai-user", f"{RG_ID}/providers/x/y", "other"),
     f"Cognitive Services OpenAI User is assigned at {RG_ID}/providers/x/y, not on the resource"),
    ("roles.subscription.elsewhere", granted("usages-reader", ACCOUNT_ID, "account"),
     f"Cognitive Services Usages Reader is assigned at {ACCOUNT_ID}, not on the subscription"),
    ("roles.account.at_resource_group", granted("openai-user", RG_ID, "resource_group"),
     f"Cognitive Services OpenAI User is granted at the resource group scope ({RG_ID}), "
     "broader than the lab asks; assign it on the resource"),
    ("roles.account.at_subscription", granted("openai-user", f"/subscriptions/{SUB}",
                                              "subscription"),
     f"Cognitive Services OpenAI User is granted at the subscription scope (/subscriptions/{SUB}),"
     " broader than the lab asks; assign it on the resource"),
    ("roles.account.at_management_group", granted("openai-user", MG, "management_group"),
     f"Cognitive Services OpenAI User is granted at the management group scope ({MG}), "
     "broader than the lab asks; assign it on the resource"),
    ("roles.subscription.at_management_group", granted("usages-reader", MG, "management_group"),
     f"Cognitive Services Usages Reader is granted at the management group scope ({MG}), "
     "broader than the lab asks; assign it on the subscription"),
    ("keys.missing", lambda: keys.check_keys(ApiKeys(key1="a", key2=""), NAME),
     f"{NAME} shows no KEY2"),
    ("keys.missing_both", lambda: keys.check_keys(ApiKeys(key1=None, key2=""), NAME),
     f"{NAME} shows no KEY1 or KEY2"),
    ("keys.endpoint_form", lambda: keys.check_endpoint_form(
        account(properties={"endpoint": "http://example.com/"}), CONFIG),
     "the endpoint 'http://example.com/' is not an Azure OpenAI endpoint "
     "(https://<name>.openai.azure.com/)"),
    ("machine.no_python_facts", lambda: machine.check_library("numpy", None, CONFIG),
     "labverify holds no facts about the student's Python (tasks 4-6 are seen on the student's "
     "machine or in a session recorded there)"),
    ("machine.python_failed", lambda: machine.check_library(
        "numpy", {"ran": False, "error": "python: command not found"}, CONFIG),
     "the student's Python could not be run: python: command not found"),
    ("machine.python.not_found", lambda: machine.check_library(
        "numpy", {"ran": False, "error": "no python found on PATH"}, CONFIG),
     "the student's Python could not be run: no python found on PATH"),
    ("machine.python.cannot_run", lambda: machine.check_library(
        "numpy", {"ran": False, "error": r"cannot run C:\py\python.exe: [WinError 2] gone"},
        CONFIG),
     r"the student's Python could not be run: cannot run C:\py\python.exe: [WinError 2] gone"),
    ("machine.python.exited", lambda: machine.check_library(
        "numpy", {"ran": False, "error": "python3 exited with 1: ImportError: no site"}, CONFIG),
     "the student's Python could not be run: python3 exited with 1: ImportError: no site"),
    ("machine.python.unexpected", lambda: machine.check_library(
        "numpy", {"ran": False, "error": "python printed something unexpected"}, CONFIG),
     "the student's Python could not be run: python printed something unexpected"),
    ("machine.not_installed", lambda: machine.check_library("numpy", python(numpy=None), CONFIG),
     "numpy is not installed in python"),
    ("machine.wrong_version", lambda: machine.check_library("openai", python(openai="1.54.0"),
                                                            CONFIG),
     "openai 1.54.0 is installed; the lab needs openai==0.28.*"),
    ("machine.no_environment_facts", lambda: machine.check_set(None, KEY_VAR),
     "labverify holds no facts about the student's environment variables (seen on the "
     "student's machine or in a session recorded there)"),
    ("machine.new_terminal", lambda: machine.check_set(
        {KEY_VAR: {"set": False, "set_for_new_terminals_only": True}}, KEY_VAR),
     f"{KEY_VAR} is set, but not in this terminal"),
    ("machine.unset", lambda: machine.check_set(environment(), KEY_VAR), f"{KEY_VAR} is not set"),
    ("machine.keys_unreadable", lambda: machine.check_key({KEY_VAR: {"set": True}}, KEY_VAR, NAME),
     "the key could not be compared with the resource's keys"),
    ("machine.key_quoted", lambda: machine.check_key(
        environment(AZURE_OPENAI_API_KEY=f'"{"k" * 32}"'), KEY_VAR, NAME),
     f"{KEY_VAR} holds the key with quotes or spaces around it"),
    ("machine.key_neither", lambda: machine.check_key(
        environment(AZURE_OPENAI_API_KEY="0" * 32), KEY_VAR, NAME),
     f"{KEY_VAR} is neither KEY 1 nor KEY 2 of {NAME}"),
    ("machine.endpoint_holds_key", lambda: machine.check_endpoint(
        environment(AZURE_OPENAI_ENDPOINT="k" * 32), ENDPOINT_VAR, account()),
     f"{ENDPOINT_VAR} holds an API key, not the endpoint"),
    ("machine.endpoint_quoted", lambda: machine.check_endpoint(
        environment(AZURE_OPENAI_ENDPOINT=f"'{ENDPOINT}'"), ENDPOINT_VAR, account()),
     f"{ENDPOINT_VAR} has quotes or spaces around the endpoint"),
    ("machine.endpoint_wrong", lambda: machine.check_endpoint(
        environment(AZURE_OPENAI_ENDPOINT="https://other.openai.azure.com/"), ENDPOINT_VAR,
        account()),
     f"{ENDPOINT_VAR} is 'https://other.openai.azure.com/', not the endpoint of {NAME} "
     f"({ENDPOINT})"),
    ("machine.endpoint_not_a_url", lambda: machine.check_endpoint(
        environment(AZURE_OPENAI_ENDPOINT="not an endpoint"), ENDPOINT_VAR, account()),
     f"{ENDPOINT_VAR} is '<not a URL, 15 characters>', not the endpoint of {NAME} ({ENDPOINT})"),
    ("machine.no_labfiles", lambda: MachineFacts(
        "live", None, labfiles=None, student_python=None).why_no_labfiles(),
     "labverify holds no copy of the student's dataset files (seen on the student's machine or "
     "in a session recorded there)"),
]


def said(run: Callable[[], Any]) -> Text:
    try:
        returned = run()
    except LabOutcome as outcome:
        returned = outcome.message
    assert isinstance(returned, Text), returned
    return returned


@pytest.mark.parametrize("key, run, english", CASES, ids=[case[0] for case in CASES])
def test_each_setup_sentence_reads_as_before_and_in_traditional_chinese(
        key: str, run: Callable[[], Any], english: str) -> None:
    text = said(run)
    assert (text.key, str(text)) == (key, english)
    zh = text.to("zh-TW")
    assert CJK.search(zh) and zh != text
    for value in text.params.values():
        assert isinstance(value, (str, int, float, bool, type(None)))
        if isinstance(value, str) and value:
            assert value in zh, (value, zh)


def test_a_recorded_session_without_its_dataset_copy_names_the_folder(tmp_path: Path) -> None:
    replay = MachineFacts("replay", tmp_path, labfiles=None, student_python=None)
    folder = tmp_path / LABFILES_DIR
    gone = replay.why_no_labfiles()
    assert gone.key == "machine.labfiles_missing"
    assert gone == ("the recorded session holds no copy of the student's dataset files: "
                    f"{folder} is missing")
    folder.parent.mkdir(parents=True)
    folder.write_text("", encoding="utf-8")
    a_file = replay.why_no_labfiles()
    assert a_file.key == "machine.labfiles_not_a_folder"
    assert a_file.endswith(f"{folder} is a file, not a folder")
    assert str(folder) in a_file.to("zh-TW") and str(folder) in gone.to("zh-TW")


def test_every_setup_sentence_is_raised_by_a_check() -> None:
    tested = {case[0] for case in CASES} | {"machine.labfiles_missing",
                                            "machine.labfiles_not_a_folder"}
    path = CATALOGUE_DIR / "en" / "messages-setup.toml"
    written = set(tomllib.loads(path.read_text(encoding="utf-8"))["messages"])
    assert written == tested
