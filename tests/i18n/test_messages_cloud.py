"""What labverify saw in Azure and in the dataset files is said in the grade's language.

Every sentence of tasks 6-10 and of every "could not verify" comes from the catalogue
(messages-cloud.toml): the result carries its key and values, its English rendering is the
result's message, and its zh-TW rendering is Chinese that still names every value seen.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx2
import openai
import pytest
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseTimeoutError,
)

from labverify.azure.errors import Missing, classify
from labverify.azure.paging import every_arm_item
from labverify.azure.reads import ReadBudget
from labverify.catalogue import PER_LANGUAGE, message, render
from labverify.checks import chat, cleanup, dataset, deployment, finetune
from labverify.config import load_config
from labverify.dataset.check import check_file, check_lab_folder
from labverify.dataset.settings import settings_from_config
from labverify.recording.recorder import Recorder
from labverify.recording.sanitize import Sanitizer
from labverify.verdicts import LabOutcome, ScenarioResult

from ..sessions import SESSIONS, bundled_sessions, results

CJK = re.compile(r"[\u4e00-\u9fff]")
CONFIG = load_config()


def assert_said_in_both(key: str, params: dict[str, Any], english: str, where: object) -> None:
    """``english`` is the catalogue's English for key/params, and the zh-TW is its Chinese."""
    assert key, f"{where}: no catalogue key for {english!r}"
    assert render("messages", key, params, "en") == english, where
    zh = render("messages", key, params, "zh-TW")
    assert CJK.search(zh), f"{where}: {key} is not Chinese in zh-TW: {zh!r}"
    for name, value in params.items():
        if isinstance(value, str) and value.strip():
            assert value in zh, f"{where}: {key} drops {name}={value!r} in zh-TW: {zh!r}"
    for name, value in params.items():
        if isinstance(value, dict) and PER_LANGUAGE in value:  # a phrase of the catalogue
            assert value[PER_LANGUAGE]["zh-TW"] in zh, f"{where}: {key} shows {name} in English"
            assert value[PER_LANGUAGE]["en"] not in zh or not re.search(
                "[A-Za-z]{3}", value[PER_LANGUAGE]["en"]), f"{where}: {key}: {name} is English"


def _checked(result: ScenarioResult) -> bool:
    return result.verdict.value == "error" or (
        6 <= result.task <= 10 and result.verdict.value != "pass")


def test_every_result_of_tasks_6_to_10_and_every_error_is_said_in_zh_tw() -> None:
    keys: set[str] = set()
    for session in bundled_sessions():
        for r in results(SESSIONS / session):
            if not _checked(r):
                continue
            where = (session, r.check_id)
            assert r.message_key, f"{where}: no catalogue key for {r.message!r}"
            assert r.localized_message("zh-TW") == render(
                "messages", r.message_key, r.message_params, "zh-TW")
            assert_said_in_both(r.message_key, r.message_params, r.message, where)
            keys.add(r.message_key)
    # The sessions reach each task's sentences, the per-language ones included.
    assert {"dataset.rejected_lines", "finetune.running_step", "deployment.other_models",
            "chat.filtered", "cleanup.still_there", "azure.throttled",
            "azure.forbidden"} <= keys, sorted(keys)


def test_a_zh_tw_sentence_shows_the_inner_phrase_in_chinese() -> None:
    r = next(r for r in results(SESSIONS / "throttled-throughout") if r.check_id == "t1-exists")
    assert r.message.startswith("Azure throttled reading the accounts in resource group ")
    assert r.localized_message("zh-TW").startswith("讀取資源群組 ")
    assert "accounts" not in r.localized_message("zh-TW")


# -- sentences the bundled sessions do not reach ----------------------------------------------

_REQUEST = httpx2.Request("GET", "https://example.openai.azure.com/openai/files")
WHAT = message("read.files")


def _status(code: int, name: str = "AuthorizationFailed") -> HttpResponseError:
    error = HttpResponseError(message="failed")
    error.status_code = code
    error.error = SimpleNamespace(code=name)
    return error


def _pages(count: int) -> Any:
    return SimpleNamespace(by_page=lambda: iter([[1]] * count))


def _deployment(state: str | None = "Succeeded", fmt: str | None = "OpenAI",
                sku: str | None = "standard") -> Any:
    model = SimpleNamespace(name="base.ft-x", format=fmt)
    return SimpleNamespace(name="dep", properties=SimpleNamespace(provisioning_state=state,
                                                                  model=model),
                           sku=SimpleNamespace(name=sku) if sku else None, system_data=None)


def _job(**values: Any) -> dict[str, Any]:
    return {"id": "ftjob-1", "status": "succeeded", "model": CONFIG.base_model,
            "training_file": "file-t", "validation_file": "file-v", **values}


def _raises(call: Callable[[], Any]) -> Callable[[], LabOutcome]:
    def run() -> LabOutcome:
        with pytest.raises(LabOutcome) as caught:
            call()
        return caught.value
    return run


def _missing() -> None:
    raise Missing("Gone", "not found")


OUTCOMES: dict[str, Callable[[], Any]] = {
    "sign_in": lambda: classify(ClientAuthenticationError("no token\nmore"), WHAT),
    "recorded": lambda: classify(DecodeError("bad"), WHAT, replayed="GET https://x (cassette c)"),
    "unreadable": lambda: classify(DecodeError("bad"), WHAT),
    "timeout": lambda: classify(ServiceResponseTimeoutError("slow"), WHAT),
    "unreachable": lambda: classify(ServiceRequestError("dns"), WHAT),
    "dropped": lambda: classify(openai.APIConnectionError(request=_REQUEST), WHAT),
    "forbidden": lambda: classify(_status(403), WHAT),
    "forbidden_no_code": lambda: classify(_status(401, ""), WHAT),
    "http": lambda: classify(_status(503, "ServiceUnavailable"), WHAT),
    "steps_what": lambda: classify(_status(429), "waiting for ftjob-1"),
    "listing": _raises(lambda: every_arm_item(_pages(200), message("listing.deployments"))),
    "budget": lambda: ReadBudget(0.5).refusal(message("read.keys", account="acct")),
    "file_pending": _raises(lambda: finetune.check_file(
        [{"filename": "a.jsonl", "status": "pending"}], "a.jsonl")),
    "file_unknown": _raises(lambda: finetune.check_file(
        [{"filename": "a.jsonl", "status": "odd"}], "a.jsonl")),
    "file_rejected": _raises(lambda: finetune.check_file(
        [{"filename": "a.jsonl", "status": "error"}], "a.jsonl")),
    "wrong_model": _raises(lambda: finetune.check_job_inputs(
        _job(model=None), "", {"file-t"}, {"file-v"}, CONFIG)),
    "not_trained_on": _raises(lambda: finetune.check_job_inputs(
        _job(), "", {"file-other"}, {"file-v"}, CONFIG)),
    "not_validated_on": _raises(lambda: finetune.check_job_inputs(
        _job(), "", {"file-t"}, {"file-other"}, CONFIG)),
    "no_events": _raises(lambda: finetune.check_job_succeeded(
        _job(status="running"), "", [], CONFIG)),
    "failed_silently": _raises(lambda: finetune.check_job_succeeded(
        _job(status="failed"), "", None, CONFIG)),
    "job_unknown": _raises(lambda: finetune.check_job_succeeded(
        _job(status="odd"), "", None, CONFIG)),
    "model_name": _raises(lambda: finetune.check_fine_tuned_model(
        _job(fine_tuned_model="other"), "", CONFIG)),
    "deployment_unknown": _raises(lambda: deployment.check_provisioned(_deployment(None))),
    "deployment_format": _raises(lambda: deployment.check_format_and_sku(
        _deployment(fmt=None), CONFIG)),
    "deployment_sku": _raises(lambda: deployment.check_format_and_sku(
        _deployment(sku="premium"), CONFIG)),
    "chat_empty": _raises(lambda: chat.check_answer(SimpleNamespace(choices=[], model="m"),
                                                    "dep")),
    "cleanup_404": _raises(lambda: cleanup.check_group_kept(_missing, CONFIG)),
    "no_copy": _raises(lambda: dataset.require_reports(None)),
    "unavailable": _raises(lambda: dataset.require_reports("the session holds no files")),
}


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_every_other_sentence_is_said_in_zh_tw(name: str) -> None:
    outcome = OUTCOMES[name]()
    assert isinstance(outcome, LabOutcome), outcome
    said = outcome.message
    assert_said_in_both(getattr(said, "key", ""), getattr(said, "params", {}), str(said), name)


def test_a_damaged_recorded_session_is_said_in_zh_tw(tmp_path: Path) -> None:
    recorder = Recorder("replay", tmp_path, Sanitizer(), rerecord_hint="again")
    for content in (None, "{ not: [yaml"):
        if content is not None:
            (tmp_path / "arm").mkdir()
            (tmp_path / "arm" / "accounts.yaml").write_text(content)
        with pytest.raises(LabOutcome) as damaged, recorder.cassette("arm/accounts"):
            pass
        said = damaged.value.message
        assert said.key == ("recording.no_cassette" if content is None else "recording.corrupt")
        assert_said_in_both(said.key, said.params, str(said), said.key)


# -- the dataset findings a grading lists -----------------------------------------------------

BAD_LINES = [
    '{"messages": [{"role": "user", "content": "q"}]}',
    '{"messages": [{"role": "human", "content": "q"}, {"role": "assistant", "content": "a"}]}',
    '{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}',
    "",
    "[1, 2]",
    '{"messages": null}',
    '{"messages": []}',
    '{"messages": "text"}',
    '{"messages": [3, {"content": "q"}, {"role": "assistant", "content": "  "}]}',
    '{"messages": [{"role": "assistant", "content": [{"type": "text"}, 4, {"type": "odd"}]}]}',
    '{"messages": [{"role": "user", "content": "q", "weight": 1}, '
    '{"role": "assistant", "content": "a", "weight": 2, "name": ""}]}',
    '{"messages": [{"role": "function", "content": "f"}, {"role": "tool", "content": "t"}, '
    '{"role": "assistant", "content": null, "tool_calls": [{"type": "x", "function": 1}]}]}',
    '{"messages": [{"role": "user", "content": "q", "function_call": {}}, '
    '{"role": "assistant", "content": "a", "tool_calls": []}]}',
    '{"messages": [{"role": "user", "content": ""}, {"role": "assistant", "content": []}]}',
    '{"messages": [{"role": "assistant", "content": 5}]}',
    '{"messages": [}',
    '{"messages": NaN}',
    '{"messages": [{"role": "user", "content": null}, {"role": "assistant"}]}',
    '{"messages": [{"role": "assistant", "function_call": {"name": 1}, "tool_calls": [2]}]}',
    '{"messages": [',
    "[" * 100_000 + "]" * 100_000,
]
NOT_UTF8 = b'{"messages": "\xff"}'


def test_every_error_finding_of_a_broken_file_is_said_in_zh_tw(tmp_path: Path) -> None:
    path = tmp_path / "training_set.jsonl"
    path.write_bytes("\n".join(BAD_LINES).encode() + b"\n" + NOT_UTF8 + b"\n")
    report = check_file(path, settings_from_config(CONFIG))
    errors = [f for f in report.findings if f.severity == "error"]
    assert len({f.key for f in errors}) >= 25, sorted({f.key for f in errors})
    for finding in errors:
        assert_said_in_both(finding.key, finding.params, finding.message, finding)


FILES: dict[str, bytes | None] = {
    "file_missing": None, "directory": None, "empty_file": b"", "only_blank_lines": b"\n\n",
    "too_few_examples": BAD_LINES[1].encode(), "json_array": b'[{"messages": []}]',
    "binary": b"ab\x00cd", "utf16": "{}".encode("utf-16"), "file_too_large": b"{}" * 600,
}


@pytest.mark.parametrize("key", sorted(FILES))
def test_every_finding_on_a_whole_file_is_said_in_zh_tw(key: str, tmp_path: Path) -> None:
    path = tmp_path / "training_set.jsonl"
    if key == "directory":
        path.mkdir()
    elif FILES[key] is not None:
        path.write_bytes(FILES[key])  # type: ignore[arg-type]
    settings = replace(settings_from_config(CONFIG), max_file_bytes=1000)
    found = {f.key: f for f in check_file(path, settings, role="training").findings}
    assert f"finding.{key}" in found, sorted(found)
    finding = found[f"finding.{key}"]
    assert_said_in_both(finding.key, finding.params, finding.message, key)


def test_a_task_6_failure_lists_the_findings_in_the_grade_s_language(tmp_path: Path) -> None:
    (tmp_path / CONFIG.dataset.training_file).write_text("\n".join(BAD_LINES[:8]) + "\n")
    reports = check_lab_folder(tmp_path, CONFIG, count_every_example=False, workers=1)
    with pytest.raises(LabOutcome) as failed:
        dataset.check_present(reports)
    said = failed.value.message
    assert said.key == "dataset.missing_from" and "validation_set.jsonl" in said
    assert "找不到檔案" in said.to("zh-TW") and "file not found" not in said.to("zh-TW")
    (tmp_path / CONFIG.dataset.validation_file).write_text("")
    reports = check_lab_folder(tmp_path, CONFIG, count_every_example=False, workers=1)
    with pytest.raises(LabOutcome) as failed:
        dataset.check_format(reports)
    said = failed.value.message
    assert said.startswith("fine-tuning would reject these lines: ") and "more)" in said
    zh = said.to("zh-TW")
    assert zh.startswith("微調會拒絕這些行：") and "另有" in zh and "valid JSON" not in zh
