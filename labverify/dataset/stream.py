"""Streaming one dataset file through the per-line work, before any report is built.

This module, like everything a worker runs, imports no numpy: ``labverify data`` streams its
files with the workers started while the calling process has not yet imported numpy and the
report code, and imports them while the workers check the first chunks (``idle``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from ..catalogue import message
from .findings import FindingLog, make
from .pool import ChunkRunner
from .reader import iter_chunks, open_dataset
from .settings import CheckSettings


@dataclass
class Streamed:
    """What the per-line work found in one file, its counts still in their chunks' arrays."""

    path: PurePath
    role: str
    settings: CheckSettings
    log: FindingLog
    # Whether its lines were read (else the log says why not).
    read: bool = False
    size_bytes: int | None = None
    examples: int = 0
    totals: list[array] = field(default_factory=list)
    assistants: list[array] = field(default_factory=list)
    hashes: list[bytes] = field(default_factory=list)
    hash_lines: list[array] = field(default_factory=list)


def _local_path(path: PurePath, log: FindingLog) -> Path | None:
    if isinstance(path, Path):
        return path
    log.add(make("file_missing", message("finding.windows_path", path=str(path)), None))
    return None


def stream_file(path: PurePath, settings: CheckSettings, role: str, runner: ChunkRunner,
                idle: Callable[[], object] | None = None) -> Streamed:
    """Run every line of ``path`` through ``runner``; never raises for any file content.

    ``idle`` is called once, while workers check the first chunks, if they do.
    """
    streamed = Streamed(path=path, role=role, settings=settings,
                        log=FindingLog(settings.keep_per_code))
    log = streamed.log
    local = _local_path(path, log)
    if local is None:
        return streamed
    opened, streamed.size_bytes = open_dataset(local, settings.max_file_bytes, log)
    if opened is None:
        return streamed
    streamed.read = True
    try:
        with opened.handle:
            chunks = iter_chunks(opened, log)
            for result in runner.run(chunks, runner.wants_pool(streamed.size_bytes),
                                     opened.path, idle=idle):
                streamed.examples += result.examples
                streamed.totals.append(result.totals)
                streamed.assistants.append(result.assistants)
                streamed.hashes.append(result.hashes)
                streamed.hash_lines.append(result.hash_lines)
                log.merge(result.kept, result.counts)
    except OSError as exc:
        log.add(make("unreadable_file",
                     message("finding.read_failed", reason=str(exc.strerror or exc)), None))
    return streamed
