"""Secrets planted in a grading's evidence and messages never reach any report file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from labverify import batch
from labverify.grading import GradeOutcome, GradeRequest
from labverify.report.redact import REDACTED, redact, redact_text
from labverify.verdicts import ScenarioResult

from .conftest import grade_class

# Each canary is planted once, under a different disguise.
CANARIES = {f"CANARY{i}": f"c4nary{i}Zq9" for i in range(1, 14)}


def plant(results: list[ScenarioResult]) -> list[ScenarioResult]:
    c = CANARIES
    planted = []
    for r in results:
        evidence = {**r.evidence,
                    "api_key": c["CANARY1"],
                    "headers": {"Authorization": f"Bearer {c['CANARY2']}", "x-ms-request": "1"},
                    "client_secret": c["CANARY3"],
                    "nested": [{"access_token": c["CANARY4"]}, "plain"],
                    "blob": f"https://x.blob.core.windows.net/c?sv=2024&sig={c['CANARY5']}",
                    "note": f"called with password={c['CANARY6']}",
                    "accountKey": c["CANARY7"],
                    "keys_present": ["key1", "key2"]}
        planted.append(dataclasses.replace(
            r, evidence=evidence,
            message=f"{r.message} (Authorization: Bearer {c['CANARY8']})",
            hint=f"{r.hint} api-key: {c['CANARY9']}",
            name=f"{r.name} token={c['CANARY10']}",
            # Values a hint renders in another language.
            hint_params={k: f"{v} api_key={c['CANARY13']}" for k, v in r.hint_params.items()}))
    return planted


def every_file(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_no_planted_secret_reaches_any_report_of_a_class_grading(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    real = batch.run_scenarios

    def leaky(request: GradeRequest, **kwargs) -> GradeOutcome:
        outcome = real(request, **kwargs)
        cucumber = request.extra_args[request.extra_args.index("--cucumberjson") + 1]
        # A failing step's message in the Cucumber file, too.
        data = json.loads(Path(cucumber).read_text(encoding="utf-8"))
        data[0]["elements"][0]["steps"][0]["result"]["error_message"] = \
            f"Bearer {CANARIES['CANARY11']} sig={CANARIES['CANARY12']}"
        Path(cucumber).write_text(json.dumps(data), encoding="utf-8")
        return dataclasses.replace(outcome, results=plant(outcome.results))

    monkeypatch.setattr(batch, "run_scenarios", leaky)  # --jobs 1 grades in this process
    out = tmp_path / "grades"
    assert grade_class(out, "--jobs", "1", "--tasks", "1,3,5", "--lang", lang,
                       sessions=("complete", "t1-wrong-region")) == 0
    files = every_file(out)
    # The gradebook, the folder's manifest, five reports per student.
    assert len(files) == 2 + 2 * 5
    for path, text in files.items():
        for name, canary in CANARIES.items():
            assert canary not in text, f"{name} leaked into {path.relative_to(out)}"
    for path, text in files.items():
        if path.name not in ("gradebook.csv", ".labverify-manifest.json"):
            assert REDACTED in text, path
    # Redaction keeps what graders need: key labels, ordinary headers, the real evidence.
    results = json.loads((out / "students" / "t1-wrong-region" / "results.json").read_text())
    region = next(t for t in results["tests"] if t["extra_data"]["check"] == "t1-region")
    evidence = region["extra_data"]["evidence"]
    assert evidence["keys_present"] == ["key1", "key2"] and evidence["seen"] == "eastus"
    assert evidence["headers"] == {"Authorization": REDACTED, "x-ms-request": "1"}
    assert evidence["nested"] == [{"access_token": REDACTED}, "plain"]


def test_a_grading_failure_s_note_is_redacted_too(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(request: GradeRequest, **kwargs) -> GradeOutcome:
        raise RuntimeError(f"HTTP 401 with header api-key: {CANARIES['CANARY1']}")

    monkeypatch.setattr(batch, "run_scenarios", broken)
    out = tmp_path / "grades"
    assert grade_class(out, "--jobs", "1", sessions=("complete",)) == 1
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert "labverify failed: RuntimeError" in gradebook
    assert CANARIES["CANARY1"] not in gradebook


@pytest.mark.parametrize("text", [
    "Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl",
    "https://acct.blob.core.windows.net/f?sp=r&sig=AbC%2Bdef&se=2026",
    "AccountKey=abc123==;EndpointSuffix=core.windows.net",
    'client_secret="s3cr3t"',
])
def test_credential_shaped_text_is_cut(text: str) -> None:
    cut = redact_text(text)
    assert REDACTED in cut
    assert not any(s in cut for s in ("eyJzdWIiOi", "AbC%2Bdef", "abc123", "s3cr3t"))


def test_real_reports_lose_nothing_to_redaction(graded_class: Path) -> None:
    """The bundled sessions' evidence, messages and hints hold no false positive."""
    for path, text in every_file(graded_class).items():
        assert REDACTED not in text, path
    data = json.loads((graded_class / "students" / "complete" / "results.json").read_text())
    keys = next(t for t in data["tests"] if t["extra_data"]["check"] == "t3-keys")
    assert keys["extra_data"]["evidence"]["keys_present"] == ["key1", "key2"]
    assert redact({"keys_present": ["key1", "a-real-key"]}) == \
        {"keys_present": ["key1", REDACTED]}
