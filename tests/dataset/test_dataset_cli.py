"""``labverify data``: JSON shape, report, exit codes, and no traceback whatever the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from labverify.cli import main

from .conftest import CORPUS, SAMPLES, example, write_jsonl

ROOT = Path(__file__).resolve().parents[2]
TRAINING = SAMPLES / "clippy_training_set.jsonl"
VALIDATION = SAMPLES / "clippy_validation_set.jsonl"
STAT_KEYS = {"min", "max", "mean", "median", "p5", "p95", "p10", "p90"}


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    status = main(["data", *argv, "--json", "-"])
    out = capsys.readouterr().out
    return status, json.loads(out)  # standard output holds only the JSON


def test_json_shape_for_clean_files(capsys):
    status, doc = run_json(capsys, str(TRAINING), str(VALIDATION))
    assert status == 0
    assert doc["ok"] is True and doc["errors"] == 0
    assert doc["model"] == "gpt-4o-mini-2024-07-18" and doc["encoding"] == "o200k_base"
    assert [f["path"] for f in doc["files"]] == [str(TRAINING), str(VALIDATION)]
    for entry, (low, high) in zip(doc["files"], [(46, 59), (41, 64)], strict=True):
        assert entry["examples"] == 10
        assert set(entry["total_tokens"]) == STAT_KEYS
        assert set(entry["assistant_tokens"]) == STAT_KEYS
        assert (entry["total_tokens"]["min"], entry["total_tokens"]["max"]) == (low, high)
        assert entry["findings"] == []
        assert entry["billing"]["epochs"] == 3
        assert entry["billing"]["billed_tokens"] == 3 * entry["billing"]["tokens_per_epoch"]


def test_findings_in_json(capsys):
    status, doc = run_json(capsys, str(CORPUS / "weight.jsonl"), str(CORPUS / "empty.jsonl"))
    assert status == 1
    weight, empty = doc["files"]
    assert weight["findings"][0] == {
        "line": 2, "severity": "error", "code": "invalid_weight",
        "message": "'weight' must be 0 or 1, not 0.5", "field": "messages[2].weight"}
    assert {"line", "severity", "code", "message"} <= set(weight["findings"][-1])
    assert empty["findings"] == [{"line": None, "severity": "error", "code": "empty_file",
                                  "message": "the file is empty"}]
    assert empty["total_tokens"] is None
    assert weight["finding_counts"]["warning"] == {"no_trained_assistant_message": 1}


def test_warnings_alone_exit_zero(capsys):
    status, doc = run_json(capsys, str(CORPUS / "duplicates.jsonl"))
    assert status == 0 and doc["warnings"] == 2 and doc["errors"] == 0


def test_model_option_applies_its_limit(capsys):
    path = str(CORPUS / "too_long_for_gpt35.jsonl")
    assert run_json(capsys, path)[0] == 0
    status, doc = run_json(capsys, path, "--model", "gpt-35-turbo-0613")
    assert status == 1
    assert doc["encoding"] == "cl100k_base" and doc["max_tokens_per_example"] == 4096
    assert [(f["code"], f["line"]) for f in doc["files"][0]["findings"]] == [
        ("example_too_long", 7)]


def test_lab_config_option(capsys, tmp_path, config_with):
    config = config_with(max_file_bytes=1000)
    status, doc = run_json(capsys, str(TRAINING), "--lab-config", str(config))
    assert status == 1
    assert doc["max_file_bytes"] == 1000
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["file_too_large"]


def test_json_file_and_human_report(capsys, tmp_path):
    out = tmp_path / "report.json"
    status = main(["data", str(TRAINING), str(CORPUS / "latin1.jsonl"), "--json", str(out)])
    assert status == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["files"][1]["findings"][0]["code"] == "not_utf8"
    text = capsys.readouterr().out
    assert "p10 (handout's \"p5\")" in text and "p90 (handout's \"p95\")" in text
    assert "not_utf8" in text and "Billed training tokens" in text


def test_markup_in_a_file_cannot_restyle_the_report(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # one table row per finding
    rows = [example(i) for i in range(10)]
    rows[3] = {"messages": [{"role": "user", "content": "x", "[bold red]key[/]": 1},
                            {"role": "assistant", "content": "y"}]}
    path = write_jsonl(tmp_path / "m.jsonl", rows)
    assert main(["data", str(path)]) == 1
    assert "[bold red]key[/]" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["--model", "gpt-5-imaginary"],
    ["--lab-config", "{missing}"],
    ["--lab-config", "{broken}"],
])
def test_usage_problems_exit_2_with_a_message(capsys, tmp_path, argv):
    broken = tmp_path / "broken.toml"
    broken.write_text("[dataset\n", encoding="utf-8")
    argv = [a.format(missing=tmp_path / "none.toml", broken=broken) for a in argv]
    assert main(["data", str(TRAINING), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("labverify data: ") and "Traceback" not in err


def test_an_encoding_labverify_cannot_load_exits_2(capsys, config_with):
    config = config_with(encoding="p50k_base")  # the base model's tokenizer
    assert main(["data", str(TRAINING), "--lab-config", str(config)]) == 2
    err = capsys.readouterr().err
    # Refused where the config is read, with where it is written.
    assert f"{config}:" in err and "encoding: 'p50k_base' is not one of: o200k_base" in err


def test_a_json_path_that_is_a_folder_exits_2(capsys, tmp_path):
    assert main(["data", str(TRAINING), "--json", str(tmp_path)]) == 2
    assert f"argument --json: {tmp_path} is a folder" in capsys.readouterr().err


def test_unwritable_json_path_exits_2(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["data", str(TRAINING), "--json", str(blocker / "out.json")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_the_report_never_replaces_the_dataset(capsys, tmp_path):
    dataset = tmp_path / "train.jsonl"
    dataset.write_bytes(TRAINING.read_bytes())
    assert main(["data", str(dataset), "--json", str(dataset)]) == 2
    assert "is the dataset file" in capsys.readouterr().err
    assert dataset.read_bytes() == TRAINING.read_bytes()


def test_data_runs_from_labverify_s_one_parser(capsys):
    assert main(["data", str(TRAINING), "--json", "-", "--workers", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["examples"] == 10


def test_module_entry_point_on_the_whole_corpus_has_no_traceback():
    files = sorted(str(p) for p in CORPUS.glob("*.jsonl"))
    files += [str(CORPUS / "no-such-file.jsonl"), str(CORPUS)]
    result = subprocess.run([sys.executable, "-m", "labverify.cli", "data", *files,
                             "--json", "-"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "panicked" not in result.stderr
    doc = json.loads(result.stdout)
    codes = {f["code"] for entry in doc["files"] for f in entry["findings"]}
    assert {"file_missing", "not_a_file", "binary_file", "json_array"} <= codes


def _modules_after(imports: str) -> set[str]:
    code = (f"import sys\n{imports}\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return set(done.stdout.split())


def test_the_command_and_its_workers_start_without_numpy_or_rich():
    # What runs before the workers start, and all a worker imports: the rest of the report
    # code is imported while they build their tokenizer.
    loaded = _modules_after("import labverify.commands.data, labverify.dataset.pool, "
                            "labverify.dataset.stream")
    assert "labverify" in loaded
    assert not loaded & {"numpy", "rich", "pytest", "openai", "azure"}


def _large_file(path: Path, n: int = 11000) -> Path:
    return write_jsonl(path, [example(i, answer=" ".join(["word"] * (i % 40 + 1)))
                              for i in range(n)])


def test_a_large_file_sends_every_file_to_the_workers(tmp_path):
    """With a file over the pool's threshold, the small file beside it is checked by the
    workers too (this process checks no line itself), and the report is the one a single
    process gives."""
    large = _large_file(tmp_path / "training.jsonl")
    assert large.stat().st_size >= (3 << 20)
    small = write_jsonl(tmp_path / "validation.jsonl", [example(i) for i in range(12)])
    code = ("import json, os, sys\n"
            "from labverify.dataset import pool\n"
            "here, real = [], pool.process_lines\n"
            "pid = os.getpid()\n"
            "def counted(*args):\n"
            "    if os.getpid() == pid:\n"
            "        here.append(1)\n"
            "    return real(*args)\n"
            "pool.process_lines = counted\n"
            "from labverify.cli import main\n"
            "status = main(['data', sys.argv[1], sys.argv[2], '--workers', sys.argv[3],\n"
            "               '--json', sys.argv[4]])\n"
            "print(json.dumps([status, len(here)]))")
    outputs = {}
    for workers in ("2", "1"):
        out = tmp_path / f"report-{workers}.json"
        done = subprocess.run([sys.executable, "-c", code, str(large), str(small), workers,
                               str(out)], capture_output=True, text=True, check=True)
        outputs[workers] = (json.loads(done.stdout.splitlines()[-1]),
                            json.loads(out.read_text(encoding="utf-8")))
    (status, checked_here), report = outputs["2"]
    assert status == 0 and checked_here == 0
    assert outputs["1"][0][1] > 1  # one process: every chunk here
    assert report == outputs["1"][1]
    assert [f["examples"] for f in report["files"]] == [11000, 12]
