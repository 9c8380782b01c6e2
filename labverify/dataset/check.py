"""Checking dataset files: one file, several, or the lab folder named in the config."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

import numpy as np

from ..catalogue import message
from ..tokenizers import require_encoding
from .findings import ERROR, WARNING, Finding, FindingLog, make
from .pool import ChunkRunner
from .report import FileReport
from .settings import CheckSettings, settings_from_config
from .stream import Streamed, stream_file

ROLES = ("training", "validation", "file")


def resolve_path(value: str | PurePath) -> PurePath:
    """A path as written in a lab config or on a command line, as this system sees it.

    Lab configs are written for the students' Windows machines (``C:\\Labfiles``). On
    Windows that is an ordinary path. Elsewhere a Windows path with a drive or a leading
    backslash stays a PureWindowsPath, which no check can open (and reports as such), and a
    relative one such as ``data\\sets`` becomes ``data/sets``.
    """
    if isinstance(value, PurePath):
        return value
    if os.name == "nt":
        return Path(value)
    if "\\" not in value and not PureWindowsPath(value).drive:
        return Path(value)
    windows = PureWindowsPath(value)
    if windows.drive or windows.root:
        return windows
    return Path(*windows.parts)


def _finish(report: FileReport, log: FindingLog) -> FileReport:
    report.findings = sorted(log.kept, key=lambda f: (f.line or 0, f.code))
    report.counts = dict(log.counts)
    return report


def _duplicates(report: FileReport, log: FindingLog) -> None:
    hashes, lines = report.hashes, report.hash_lines
    if hashes.size < 2:
        return
    # Sorting a copy of the hashes finds whether any repeat; only then are the (few)
    # repeated hashes traced back to their lines. Memory: 9 bytes per example, briefly.
    sorted_hashes = np.sort(hashes)
    repeats = sorted_hashes[1:] == sorted_hashes[:-1]
    if not repeats.any():
        return
    repeated = np.unique(sorted_hashes[1:][repeats])
    del sorted_hashes, repeats
    where = np.nonzero(np.isin(hashes, repeated))[0]
    first_line: dict[int, int] = {}
    kept: list[Finding] = []
    total = 0
    for index in where.tolist():  # in file order, so the first occurrence comes first
        value, line = int(hashes[index]), int(lines[index])
        first = first_line.setdefault(value, line)
        if first != line:
            total += 1
            if len(kept) < report.settings.keep_per_code:
                kept.append(make("duplicate_example", f"same example as line {first}", line))
    log.merge(kept, {("duplicate_example", WARNING): total})


def _array(parts: list, dtype: type) -> np.ndarray:
    """One array of the chunks' arrays (or packed bytes), dropping the parts as it goes."""
    arrays = [np.frombuffer(part, dtype=dtype) for part in parts]
    parts.clear()
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype)


def report_of(streamed: Streamed) -> FileReport:
    """The report on a streamed file: its arrays joined, and the checks over the whole file."""
    settings, log = streamed.settings, streamed.log
    report = FileReport(path=streamed.path, role=streamed.role, settings=settings,
                        size_bytes=streamed.size_bytes, examples=streamed.examples)
    if not streamed.read:
        return _finish(report, log)  # why it was not read is in the log
    report.examples += log.counts.get(("line_too_long", ERROR), 0)
    if streamed.totals:
        # One array at a time, dropping its parts, so at most one is held twice.
        report.total_tokens = _array(streamed.totals, np.uint32)
        report.assistant_tokens = _array(streamed.assistants, np.uint32)
        report.hashes = _array(streamed.hashes, np.uint64)
        report.hash_lines = _array(streamed.hash_lines, np.uint32)
    if report.examples == 0:
        log.add(make("empty_file", message("finding.only_blank_lines"), None))
    elif report.examples < settings.min_examples:
        log.add(make("too_few_examples",
                     message("finding.too_few_examples", count=report.examples,
                             minimum=settings.min_examples), None,
                     severity=WARNING if streamed.role == "validation" else ERROR))
    _duplicates(report, log)
    return _finish(report, log)


def check_file(path: str | PurePath, settings: CheckSettings, *, role: str = "file",
               runner: ChunkRunner | None = None) -> FileReport:
    """Check one JSONL file against ``settings``. Never raises for any file content."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    own_runner = runner is None
    runner = runner or ChunkRunner(settings)
    try:
        return report_of(stream_file(resolve_path(path), settings, role, runner))
    finally:
        if own_runner:
            runner.close()


def check_files(paths: Sequence[str | PurePath], settings: CheckSettings, *,
                roles: Sequence[str] | None = None, workers: int | None = None,
                runner: ChunkRunner | None = None) -> list[FileReport]:
    """Check several files with one pool of workers; roles default to "file".

    ``runner``, when given, is used (and left open) instead of a runner of ``workers``.
    Raises LabverifyError when the settings name an encoding labverify cannot load.
    """
    roles = list(roles) if roles is not None else ["file"] * len(paths)
    if len(roles) != len(paths):
        raise ValueError("one role per path")
    if settings.count_every_example:
        # A config problem: report it once, before any file. The tokenizer itself is built
        # when first needed: here, before forking workers or checking a small file; in each
        # spawned worker.
        require_encoding(settings.encoding)
    own = runner is None
    runner = runner or ChunkRunner(settings, workers)
    try:
        return [check_file(path, settings, role=role, runner=runner)
                for path, role in zip(paths, roles, strict=True)]
    finally:
        if own:
            runner.close()


def _overlap(training: FileReport, validation: FileReport) -> None:
    """Warn about validation examples that also appear in the training file."""
    if training.hashes.size == 0 or validation.hashes.size == 0:
        return
    order = np.argsort(training.hashes, kind="stable")
    sorted_hashes = training.hashes[order]
    found = np.isin(validation.hashes, sorted_hashes)
    if not found.any():
        return
    positions = np.searchsorted(sorted_hashes, validation.hashes[found])
    train_lines = training.hash_lines[order][positions]
    val_lines = validation.hash_lines[found]
    name = training.path.name
    log = FindingLog(validation.settings.keep_per_code)
    log.kept = list(validation.findings)
    log.counts = dict(validation.counts)
    kept: list[Finding] = [
        make("validation_overlaps_training", f"same example as line {int(t)} of {name}", int(v))
        for v, t in zip(val_lines[: log.keep_per_code], train_lines[: log.keep_per_code],
                        strict=True)]
    log.merge(kept, {("validation_overlaps_training", WARNING): int(val_lines.size)})
    _finish(validation, log)


def lab_folder(cfg: Any) -> PurePath:
    """The lab folder named in the config, as this system sees it."""
    return resolve_path(cfg.dataset.folder)


def check_lab_folder(folder: str | PurePath | None, cfg: Any, *, model: str | None = None,
                     workers: int | None = None,
                     count_every_example: bool = True) -> list[FileReport]:
    """Check the lab's training and validation files (named in ``cfg``) in ``folder``.

    ``folder`` None means the folder named in the config. Returns the training report, then
    the validation report; a missing file is a ``file_missing`` error in its report.
    Raises LabverifyError only for a config problem: ``model`` not in the config, or an
    encoding labverify cannot load.
    """
    settings = replace(settings_from_config(cfg, model), count_every_example=count_every_example)
    base = lab_folder(cfg) if folder is None else resolve_path(folder)
    paths = [base / resolve_path(cfg.dataset.training_file),
             base / resolve_path(cfg.dataset.validation_file)]
    training, validation = check_files(paths, settings, roles=("training", "validation"),
                                       workers=workers)
    _overlap(training, validation)
    return [training, validation]
