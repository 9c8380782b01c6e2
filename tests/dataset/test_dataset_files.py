"""File-level behaviour: missing files, limits from config, streaming, paths."""

from __future__ import annotations

import json
import os
import random
import tracemalloc
from dataclasses import replace
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from labverify.config import load_config
from labverify.dataset import (
    check_file,
    check_files,
    check_lab_folder,
    lab_folder,
    resolve_path,
    settings_from_config,
)
from labverify.dataset import lines as lines_module
from labverify.dataset import reader as reader_module

from .conftest import example, write_jsonl

posix_only = pytest.mark.skipif(os.name == "nt", reason="Windows opens C:\\ paths itself")


def codes_at(report):
    return {(f.code, f.line) for f in report.findings}


def test_missing_file(tmp_path, settings):
    report = check_file(tmp_path / "nope.jsonl", settings)
    assert codes_at(report) == {("file_missing", None)}
    assert not report.ok and report.examples == 0 and report.total_stats is None


def test_directory(tmp_path, settings):
    assert codes_at(check_file(tmp_path, settings)) == {("not_a_file", None)}


def test_file_over_max_file_bytes_from_config(tmp_path, config_with):
    settings = settings_from_config(load_config(config_with(max_file_bytes=100)))
    path = write_jsonl(tmp_path / "t.jsonl", [example(i) for i in range(10)])
    report = check_file(path, settings)
    assert codes_at(report) == {("file_too_large", None)}
    assert report.size_bytes == path.stat().st_size
    assert report.total_tokens.size == 10  # the content is still checked


def test_min_examples_from_config(tmp_path, config_with):
    cfg = load_config(config_with(min_examples=11))
    path = write_jsonl(tmp_path / "t.jsonl", [example(i) for i in range(10)])
    report = check_file(path, settings_from_config(cfg))
    assert codes_at(report) == {("too_few_examples", None)}
    assert report.findings[0].severity == "error"


def test_too_few_validation_examples_is_a_warning(tmp_path, cfg):
    write_jsonl(tmp_path / "training_set.jsonl", [example(i) for i in range(10)])
    write_jsonl(tmp_path / "validation_set.jsonl", [example(i) for i in range(20, 23)])
    training, validation = check_lab_folder(tmp_path, cfg)
    assert training.ok and validation.ok
    assert [(f.code, f.severity) for f in validation.findings] == [("too_few_examples",
                                                                   "warning")]


def test_lab_folder_with_an_unloadable_encoding_raises_a_labverify_error(tmp_path,
                                                                        config_with):
    from labverify.errors import LabverifyError

    with pytest.raises(LabverifyError, match="p50k_base' is not one of"):
        load_config(config_with(encoding="p50k_base"))  # refused where it is read
    cfg = load_config()
    with pytest.raises(LabverifyError, match="not in the lab config"):
        check_lab_folder(tmp_path, cfg, model="gpt-9")


def test_missing_validation_file_in_lab_folder(tmp_path, cfg):
    write_jsonl(tmp_path / "training_set.jsonl", [example(i) for i in range(10)])
    training, validation = check_lab_folder(tmp_path, cfg)
    assert training.ok
    assert codes_at(validation) == {("file_missing", None)}
    assert validation.path == tmp_path / "validation_set.jsonl"


def test_validation_example_also_in_training(tmp_path, cfg):
    write_jsonl(tmp_path / "training_set.jsonl", [example(i) for i in range(10)])
    write_jsonl(tmp_path / "validation_set.jsonl",
                [example(i) for i in range(20, 24)] + [example(7)] + [
                    example(i) for i in range(30, 35)])
    _, validation = check_lab_folder(tmp_path, cfg)
    assert codes_at(validation) == {("validation_overlaps_training", 5)}
    assert validation.findings[0].message == "same example as line 8 of training_set.jsonl"


@posix_only
def test_windows_lab_folder_from_config_on_posix(cfg):
    assert cfg.dataset.folder == "C:\\Labfiles"
    folder = lab_folder(cfg)
    assert isinstance(folder, PureWindowsPath)
    assert folder.drive == "C:" and folder.name == "Labfiles"
    training, validation = check_lab_folder(None, cfg)
    assert str(training.path) == "C:\\Labfiles\\training_set.jsonl"
    assert str(validation.path) == "C:\\Labfiles\\validation_set.jsonl"
    for report in (training, validation):
        assert codes_at(report) == {("file_missing", None)}
        assert "Windows path" in report.findings[0].message


def test_resolve_path_forms():
    assert resolve_path(PureWindowsPath("D:\\x")) == PureWindowsPath("D:\\x")
    if os.name != "nt":
        assert resolve_path("data\\sets") == Path("data/sets")
        assert resolve_path("/srv/lab") == Path("/srv/lab")
        assert isinstance(resolve_path("\\\\server\\share\\lab"), PureWindowsPath)
        assert PurePosixPath(resolve_path("a/b")) == PurePosixPath("a/b")


def test_relative_windows_folder_in_config(tmp_path, monkeypatch, config_with):
    cfg = load_config(config_with(folder="lab\\files"))
    folder = tmp_path / "lab" / "files"
    folder.mkdir(parents=True)
    write_jsonl(folder / "training_set.jsonl", [example(i) for i in range(10)])
    write_jsonl(folder / "validation_set.jsonl", [example(i) for i in range(10, 20)])
    monkeypatch.chdir(tmp_path)
    training, validation = check_lab_folder(None, cfg)
    assert training.ok and validation.ok and training.examples == validation.examples == 10


def test_line_too_long_is_skipped_and_numbering_continues(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(reader_module, "MAX_LINE_BYTES", 2000)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 256)
    rows = [example(i) for i in range(12)]
    rows[2] = example(2, answer="x" * 5000)
    rows[5] = "{not json"
    rows.append(example(99, answer="y" * 5000))  # the last line, over the limit as well
    path = tmp_path / "t.jsonl"
    path.write_text("\n".join(json.dumps(r) if isinstance(r, dict) else r for r in rows),
                    encoding="utf-8")  # no final newline
    report = check_file(path, settings)
    assert codes_at(report) == {("line_too_long", 3), ("invalid_json", 6),
                                ("line_too_long", 13)}
    assert report.examples == 13
    assert report.total_tokens.size == 10


def test_a_large_line_within_limits_is_parsed(tmp_path, settings):
    path = write_jsonl(tmp_path / "t.jsonl", [example(i) for i in range(9)]
                       + [example(9, answer="word " * 600_000)])
    report = check_file(path, settings)
    assert codes_at(report) == {("example_too_long", 10)}
    assert report.total_stats.max > 600_000


def test_findings_are_capped_but_all_counted(tmp_path, settings):
    path = write_jsonl(tmp_path / "t.jsonl", ["{bad"] * 200)
    report = check_file(path, settings)
    assert report.counts[("invalid_json", "error")] == 200
    assert len(report.findings) == settings.keep_per_code
    assert report.error_count == 200 and report.truncated
    assert report.to_json()["finding_counts"]["error"]["invalid_json"] == 200


def test_duplicates_are_counted_past_the_cap(tmp_path, settings):
    capped = replace(settings, keep_per_code=3)
    path = write_jsonl(tmp_path / "t.jsonl", [example(1)] * 10 + [example(i) for i in range(2, 6)])
    report = check_file(path, capped)
    assert report.counts[("duplicate_example", "warning")] == 9
    assert [f.line for f in report.findings] == [2, 3, 4]


def test_memory_does_not_grow_with_the_number_of_examples(tmp_path, settings):
    def peak(n: int) -> int:
        path = write_jsonl(tmp_path / f"{n}.jsonl", [example(i) for i in range(n)])
        check_files([path], settings, workers=1)  # warm caches
        tracemalloc.start()
        try:
            check_files([path], settings, workers=1)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    # Both files span several 1 MiB chunks, so both peaks include the chunk being worked on.
    small, large = peak(10_000), peak(40_000)
    # 4x the examples: only the per-example counts, hashes and line numbers (20 bytes) are
    # kept, plus brief copies while joining and looking for duplicates.
    assert large < small + 30_000 * 40, (small, large)
    assert large < 8 << 20


def test_unexpected_errors_become_findings(tmp_path, settings, monkeypatch):
    def explode(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr(lines_module, "check_example", explode)
    path = write_jsonl(tmp_path / "t.jsonl", [example(i) for i in range(10)])
    report = check_file(path, settings)
    assert {f.code for f in report.findings} == {"unexpected_content"}
    assert report.counts[("unexpected_content", "error")] == 10


def _fuzz_values(rng: random.Random, depth: int = 0) -> object:
    keys = ["messages", "role", "content", "name", "weight", "tool_calls", "function_call",
            "tool_call_id", "type", "text", "function", "arguments", "id", "x"]
    choice = rng.randrange(9 if depth < 4 else 6)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False, 0, 1, -1, 0.5, 10**30, 1e300])
    if choice in (2, 3):
        return rng.choice(["system", "user", "assistant", "tool", "function", "", " ",
                           "<|endoftext|>", "héllo", "\ud800", "text", "x" * 50])
    if choice in (4, 5):
        return rng.choice(keys)
    if choice in (6, 7):
        return {rng.choice(keys): _fuzz_values(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [_fuzz_values(rng, depth + 1) for _ in range(rng.randint(0, 4))]


def test_fuzzed_structures_and_bytes_never_raise(tmp_path, settings):
    rng = random.Random(11)
    rows: list[object] = []
    for _ in range(1500):
        value = _fuzz_values(rng)
        rows.append(json.dumps({"messages": value} if rng.random() < 0.7 else value))
    path = write_jsonl(tmp_path / "structures.jsonl", rows)
    report = check_file(path, settings)
    assert report.examples == 1500
    assert "unexpected_content" not in report.codes()
    valid = json.dumps(example(1)).encode()
    for round_ in range(150):
        data = bytearray(valid * 3)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"bytes{round_}.jsonl"
        path.write_bytes(bytes(data))
        report = check_file(path, settings)
        assert "unexpected_content" not in report.codes()
