"""Worker processes: the same report as one process, chunks read by the workers from the
file, a file changed while it is checked, starting early, idle work, spawned and dying
workers."""

from __future__ import annotations

import os
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from labverify.dataset import check_files
from labverify.dataset import pool as pool_module
from labverify.dataset import reader as reader_module
from labverify.dataset import stream as stream_module
from labverify.dataset.findings import FindingLog
from labverify.dataset.lines import process_lines
from labverify.dataset.pool import ChunkRunner

from .conftest import example, write_jsonl


def _mixed_file(path: Path, n: int) -> dict[int, str]:
    """n examples with broken lines at known places; returns line -> expected code."""
    rng = random.Random(3)
    broken = {}
    rows: list[object] = []
    for i in range(n):
        line = i + 1
        kind = rng.random()
        if kind < 0.01:
            rows.append("{broken")
            broken[line] = "invalid_json"
        elif kind < 0.02:
            rows.append({"messages": [{"role": "user", "content": f"question {i}?"}]})
            broken[line] = "example_missing_assistant_message"
        elif kind < 0.025:
            rows.append("")
            broken[line] = "blank_line"
        else:
            rows.append(example(i, answer=" ".join(["token"] * rng.randint(1, 60))))
    write_jsonl(path, rows)
    return broken


def test_workers_give_the_same_report_as_one_process(tmp_path, settings, monkeypatch):
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 8192)  # many chunks
    pools = []
    real_pool = ChunkRunner._pool
    monkeypatch.setattr(ChunkRunner, "_pool", lambda self: pools.append(1) or real_pool(self))
    path = tmp_path / "mixed.jsonl"
    broken = _mixed_file(path, 3000)
    keep = replace(settings, keep_per_code=10_000)
    serial = check_files([path], keep, workers=1)[0]
    assert pools == []
    pooled = check_files([path], keep, workers=2)[0]
    assert pools, "the worker pool was not used"
    assert {(f.line, f.code) for f in serial.findings} == set(
        (line, code) for line, code in broken.items())
    assert pooled.findings == serial.findings
    assert pooled.examples == serial.examples
    assert np.array_equal(pooled.total_tokens, serial.total_tokens)
    assert np.array_equal(pooled.assistant_tokens, serial.assistant_tokens)
    assert np.array_equal(pooled.hashes, serial.hashes)


def test_workers_read_their_lines_from_the_file(tmp_path, settings, monkeypatch):
    """Workers are told where their chunk is and read it; its bytes are not sent to them.
    A byte-order mark and CRLF line ends put every offset off by a little if miscounted."""
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 8192)
    sent: list[tuple[str, int]] = []
    real_submit = pool_module.ProcessPoolExecutor.submit

    def submit(self, fn, *args, **kwargs):
        sent.append((fn.__name__, sum(len(a) for a in args if isinstance(a, bytes))))
        return real_submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(pool_module.ProcessPoolExecutor, "submit", submit)
    path = tmp_path / "bom.jsonl"
    broken = _mixed_file(path, 2000)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    serial = check_files([path], settings, workers=1)[0]
    assert sent == []
    pooled = check_files([path], settings, workers=2)[0]
    assert len(sent) > 10 and {name for name, _ in sent} == {"_work_at"}
    assert all(size == 0 for _, size in sent)
    assert {f.line for f in pooled.findings} == set(broken)
    assert pooled.findings == serial.findings
    assert np.array_equal(pooled.total_tokens, serial.total_tokens)
    assert np.array_equal(pooled.hash_lines, serial.hash_lines)


@pytest.mark.skipif(os.name == "nt", reason="Windows does not replace a file held open")
@pytest.mark.parametrize("change", ["replaced", "deleted"])
def test_lines_changed_under_the_workers_are_checked_as_first_read(tmp_path, settings,
                                                                    monkeypatch, change):
    """The file is replaced (or deleted) after labverify opened it: the workers find other
    bytes where their lines were (or no file), and the lines labverify read are checked
    instead, not the new ones."""
    monkeypatch.setattr(pool_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 8192)
    path = tmp_path / "t.jsonl"
    _mixed_file(path, 1500)
    before = check_files([path], settings, workers=1)[0]
    changed = tmp_path / "changed.jsonl"
    # Same size, other words: every chunk's bytes differ, no line or offset moves.
    changed.write_bytes(path.read_bytes().replace(b"token", b"tokxn"))
    assert check_files([changed], settings, workers=1)[0].total_tokens.sum() != (
        before.total_tokens.sum())
    real_iter = stream_module.iter_chunks

    def replaced_once_open(opened, log):
        # labverify's handle still reads the first file
        if change == "replaced":
            os.replace(changed, path)
        else:
            path.unlink()
        yield from real_iter(opened, log)

    monkeypatch.setattr(stream_module, "iter_chunks", replaced_once_open)
    during = check_files([path], settings, workers=2)[0]
    assert during.findings == before.findings
    assert np.array_equal(during.total_tokens, before.total_tokens)
    assert np.array_equal(during.hashes, before.hashes)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_start_when_asked_for_a_large_file_only(settings, monkeypatch, method):
    import multiprocessing

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(pool_module, "_context", lambda: multiprocessing.get_context(method))
    with ChunkRunner(settings, workers=2) as runner:
        assert not runner.start_for([None, 10, pool_module.PARALLEL_MIN_BYTES - 1])
        assert runner._executor is None
        assert not runner.wants_pool(10)
        assert runner.start_for([10, pool_module.PARALLEL_MIN_BYTES])
        assert len(runner._executor._processes) == 2  # started, not at the first chunk
        assert runner.wants_pool(10)  # a small file now goes to the running workers
        assert not runner.wants_pool(None)
    with ChunkRunner(settings, workers=1) as runner:
        assert not runner.start_for([pool_module.PARALLEL_MIN_BYTES])


def test_idle_work_runs_once_with_the_workers_given_chunks_ahead(tmp_path, settings,
                                                                 monkeypatch):
    path = tmp_path / "t.jsonl"
    _mixed_file(path, 1500)
    log = FindingLog(10)
    opened, _ = reader_module.open_dataset(path, settings.max_file_bytes, log)
    with opened.handle:
        chunks = list(reader_module.iter_chunks(opened, log, chunk_bytes=4096))
    assert len(chunks) > 20
    submitted: list[int] = []
    real_submit = ChunkRunner._submit
    monkeypatch.setattr(ChunkRunner, "_submit", lambda self, *a: submitted.append(1)
                        or real_submit(self, *a))
    ahead = 2 * (pool_module._INFLIGHT_PER_WORKER + pool_module._AHEAD_WHILE_IDLE)
    calls: list[int] = []

    def note_idle() -> None:
        calls.append(len(submitted))

    with ChunkRunner(settings, workers=2) as runner:
        for given, expected in ((chunks, ahead), (chunks[:3], 3)):
            submitted.clear()
            calls.clear()
            results = list(runner.run(iter(given), True, path, idle=note_idle))
            assert calls == [expected]
            assert [r.examples for r in results] == [
                process_lines(c.line, c.data, settings).examples for c in given]
        calls.clear()
        list(runner.run(iter(chunks[:3]), False, path, idle=note_idle))
        assert calls == []  # nothing to wait for


def test_spawned_workers_load_the_tokenizer_themselves(tmp_path, settings, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(pool_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(pool_module, "_context", lambda: multiprocessing.get_context("spawn"))
    path = tmp_path / "mixed.jsonl"
    broken = _mixed_file(path, 300)
    serial = check_files([path], settings, workers=1)[0]
    spawned = check_files([path], settings, workers=2)[0]
    assert {f.line for f in spawned.findings} == set(broken)
    assert spawned.findings == serial.findings
    assert np.array_equal(spawned.total_tokens, serial.total_tokens)


def _die(*args: object) -> None:
    os._exit(3)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to hand workers the patch")
def test_a_dying_worker_does_not_lose_the_report(tmp_path, settings, monkeypatch):
    import multiprocessing

    monkeypatch.setattr(pool_module, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(reader_module, "CHUNK_BYTES", 4096)
    monkeypatch.setattr(pool_module, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(pool_module, "_work", _die)
    path = tmp_path / "mixed.jsonl"
    _mixed_file(path, 300)
    serial = check_files([path], settings, workers=1)[0]
    survived = check_files([path], settings, workers=2)[0]
    assert survived.findings == serial.findings
    assert np.array_equal(survived.total_tokens, serial.total_tokens)
