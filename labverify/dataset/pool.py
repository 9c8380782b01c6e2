"""Running chunks of a file through worker processes, in order, with bounded memory.

Processes rather than threads: parsing JSON and checking examples hold the GIL, and even the
tokenizing alone ran slower on two threads than on one (1.9 s against 1.35 s for 300,000
short texts). On the whole per-line work for 100,000 examples, two cores: one process 3.0 s,
two threads 4.7 s, two processes 1.6 s (``benchmarks/dataset_vs_handout.py --executors``).
Small files are checked in the calling process, where starting workers would cost more than
it saves, unless the workers already run: then every file goes to them.

A worker reads the lines of its chunk from the file itself, told only where they are and
their CRC-32: sending each chunk's bytes through a pipe cost the two processes 0.24 s of CPU
per 47 MB (90 chunks of half a MiB, pickled, written, read and unpickled), the CRC 0.02 s
each side. Bytes that no longer match (the file changed while it was being checked), or a
file the worker cannot read, are checked from the calling process's copy instead.

Where workers fork (Linux), the calling process builds the tokenizer first and the workers
share it; elsewhere each worker builds its own. A caller may start the workers before it
needs them (``start_for``) and have its own slow work done while they check the first chunks
(``run``'s ``idle``), which is how ``labverify data`` imports numpy and the report code.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import tracemalloc
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import BinaryIO

from ..workers import default_workers
from .lines import ChunkResult, counter_for, process_lines
from .reader import Chunk
from .settings import CheckSettings

# Below this size a file is checked in-process: with two workers, pooled and in-process
# checks took the same time for a 2.2 MiB file (0.13 s); the pool won by 40% at 4.5 MiB.
PARALLEL_MIN_BYTES = 3 << 20
_INFLIGHT_PER_WORKER = 2
# Chunks more per worker handed out before the caller's ``idle`` work: importing numpy and
# the report code takes 0.15-0.2 s, about four chunks' work.
_AHEAD_WHILE_IDLE = 4

# Sum of the workers' tracemalloc peaks in the most recent run, when the caller traced
# memory; lets a memory measurement cover the worker processes too.
_last_worker_peaks: dict[int, int] = {}


def last_worker_peak_bytes() -> int:
    """Sum over worker processes of their tracemalloc peak during the last pooled run."""
    return sum(_last_worker_peaks.values())


def _init_worker(trace: bool, encoding: str) -> None:
    if trace:
        # A forked child inherits the parent's traces; count only its own allocations.
        if not tracemalloc.is_tracing():
            tracemalloc.start()
        tracemalloc.clear_traces()
        tracemalloc.reset_peak()
    counter_for(encoding)


def _work(start: int, data: bytes, settings: CheckSettings) -> ChunkResult:
    result = process_lines(start, data, settings)
    result.pid = os.getpid()
    return result


def _started() -> None:
    """The empty task that starts a worker."""


# The file a worker process reads its chunks from, kept open between chunks.
_worker_file: tuple[str, BinaryIO] | None = None


def _read_at(path: str, offset: int, length: int) -> bytes:
    global _worker_file
    if _worker_file is None or _worker_file[0] != path:
        if _worker_file is not None:
            _worker_file[1].close()
            _worker_file = None
        _worker_file = (path, open(path, "rb"))
    handle = _worker_file[1]
    handle.seek(offset)
    return handle.read(length)


def _work_at(path: str, offset: int, length: int, crc: int, start: int,
             settings: CheckSettings) -> ChunkResult | None:
    """``_work`` on lines read from ``path``; None when they are not the lines meant."""
    try:
        data = _read_at(path, offset, length)
    except OSError:
        return None
    if len(data) != length or zlib.crc32(data) != crc:
        return None
    return _work(start, data, settings)


def _context() -> multiprocessing.context.BaseContext:
    # fork hands the workers the already-loaded tokenizer; it is only safe while this
    # process runs a single thread. Elsewhere each worker loads the tokenizer itself.
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class ChunkRunner:
    """Checks chunks of lines in workers; one runner can serve several files in turn."""

    def __init__(self, settings: CheckSettings, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = default_workers() if workers is None else max(1, workers)
        self._executor: ProcessPoolExecutor | None = None
        self._broken = False

    def __enter__(self) -> ChunkRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def wants_pool(self, size: int | None) -> bool:
        if self.workers < 2 or self._broken or size is None:
            return False
        # Once the workers run, every file goes to them: they have the tokenizer, and this
        # process may not have spent the 0.5 s building one.
        return self._executor is not None or size >= PARALLEL_MIN_BYTES

    def start_for(self, sizes: Iterable[int | None]) -> bool:
        """Start the workers now if a file of one of these sizes would use them.

        Started early, they begin on the first chunks while this process goes on with its
        own imports (or, spawned, load the tokenizer meanwhile); returns whether they were
        started.
        """
        if not any(self.wants_pool(size) for size in sizes):
            return False
        pool = self._pool()
        # An executor starts its processes with the first tasks (all of them at once when
        # forking, one per task otherwise): one empty task per worker starts them all.
        for _ in range(self.workers):
            pool.submit(_started)
        return True

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            _last_worker_peaks.clear()
            context = _context()
            if context.get_start_method() == "fork" and self.settings.count_every_example:
                # Built here, the tokenizer is the workers' too, its pages shared: each
                # worker building its own cost 80 MiB more in all, and a two-core machine
                # no less time (0.55 s here against 0.65 s each beside this process).
                counter_for(self.settings.encoding)
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_init_worker,
                initargs=(tracemalloc.is_tracing(), self.settings.encoding))
        return self._executor

    def run(self, chunks: Iterable[Chunk], parallel: bool, path: Path | None = None,
            idle: Callable[[], object] | None = None) -> Iterator[ChunkResult]:
        """Results of ``chunks`` in file order.

        ``path`` is the file they come from, if the workers may read them from it; ``idle``
        is called once, when the workers have their first chunks and this process would
        wait for them.
        """
        if not parallel:
            for chunk in chunks:
                yield process_lines(chunk.line, chunk.data, self.settings)
            return
        pool = self._pool()
        source = os.fspath(path.absolute()) if path is not None else None
        inflight: deque[tuple[Chunk, Future[ChunkResult | None]]] = deque()
        limit = self.workers * _INFLIGHT_PER_WORKER
        # Before ``idle`` the workers are given more to do, so that they do not wait for
        # this process while it is busy.
        ahead = self.workers * (_INFLIGHT_PER_WORKER + _AHEAD_WHILE_IDLE)
        for chunk in chunks:
            inflight.append((chunk, self._submit(pool, chunk, source)))
            if idle is not None and len(inflight) >= ahead:
                idle()
                idle = None
            while idle is None and len(inflight) >= limit:
                yield self._collect(*inflight.popleft())
        if idle is not None:
            idle()
        while inflight:
            yield self._collect(*inflight.popleft())

    def _submit(self, pool: ProcessPoolExecutor, chunk: Chunk,
                source: str | None) -> Future[ChunkResult | None]:
        if self._broken:
            done: Future[ChunkResult | None] = Future()
            done.set_result(process_lines(chunk.line, chunk.data, self.settings))
            return done
        try:
            if source is not None and chunk.offset is not None:
                return pool.submit(_work_at, source, chunk.offset, len(chunk.data),
                                   zlib.crc32(chunk.data), chunk.line, self.settings)
            return pool.submit(_work, chunk.line, chunk.data, self.settings)
        except (BrokenProcessPool, RuntimeError):
            self._broken = True
            return self._submit(pool, chunk, source)

    def _collect(self, chunk: Chunk, future: Future[ChunkResult | None]) -> ChunkResult:
        start, data = chunk.line, chunk.data
        try:
            result = future.result()
            if result is None:
                # The worker could not read these lines as they were: check this copy.
                return process_lines(start, data, self.settings)
        except BrokenProcessPool:
            # A worker died (killed, out of memory): finish the work here instead.
            self._broken = True
            return process_lines(start, data, self.settings)
        except Exception:
            # The chunk did not make the round trip; the same work in this process either
            # succeeds or raises the real error here.
            return process_lines(start, data, self.settings)
        if result.traced_peak:
            _last_worker_peaks[result.pid] = max(_last_worker_peaks.get(result.pid, 0),
                                                 result.traced_peak)
        return result
