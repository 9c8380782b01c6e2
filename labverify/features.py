"""What the lab's feature files declare: each task's check ids, and [points] checked against them.

The config is read before the features are, so whether ``[points]`` names real check ids and
fits within each task's points is checked here, where the features are known.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from .config import LabConfig
from .errors import LocatedError
from .paths import FEATURES_DIR
from .tomlfile import Locator, Source

_CHECK_TAG = re.compile(r"@check:([A-Za-z0-9_.-]+)")
_TASK_TAG = re.compile(r"^\s*@task(\d+)\b", re.MULTILINE)


@cache
def graded_checks(features: Path = FEATURES_DIR) -> dict[int, tuple[str, ...]]:
    """The check ids each task's feature grades (carry-out scenarios left out), in order."""
    found: dict[int, list[str]] = defaultdict(list)
    for path in sorted(features.glob("*.feature")):
        text = path.read_text(encoding="utf-8")
        task = _TASK_TAG.search(text)
        if task is None:
            continue
        # A scenario's tags are the tag lines right above it.
        lines = text.splitlines()
        tags: list[str] = []
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("@"):
                tags += stripped.split()
                continue
            if stripped.startswith(("Scenario:", "Scenario Outline:")):
                if "@carry_out" not in tags:
                    found[int(task.group(1))] += [t.split(":", 1)[1] for t in tags
                                                  if t.startswith("@check:")]
            if stripped and not stripped.startswith("#"):
                tags = []
    return {task: tuple(checks) for task, checks in found.items()}


@cache
def known_check_ids(features: Path = FEATURES_DIR) -> frozenset[str]:
    """Every check id the lab's features declare (``@check:ID`` tags), carry-out ones too."""
    found: set[str] = set()
    for path in sorted(features.glob("*.feature")):
        found.update(_CHECK_TAG.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def _error(config: LabConfig, path: list[str], message: str) -> LocatedError:
    return Locator([Source(config.path, config.text, {})]).error(path, message)


def validate_tables(config: LabConfig, checks: frozenset[str] | None = None,
                    by_task: dict[int, tuple[str, ...]] | None = None) -> None:
    """Check ``[points]`` against the features: known check ids, and sums within each task.

    Types, ranges and ``[policy]`` are checked when the config is read.
    """
    checks = known_check_ids() if checks is None else checks
    by_task = graded_checks() if by_task is None else by_task
    table = config.points
    for check in table:
        if check not in checks:
            raise _error(config, ["points", check], "no scenario has this check id")
    for task, ids in sorted(by_task.items()):
        info = config.tasks.get(task)
        fixed = [c for c in ids if c in table]
        if info is None or not fixed:
            continue
        total = sum(float(table[c]) for c in fixed)
        if total > info.points + 1e-9 or (len(fixed) == len(ids) and abs(total - info.points) > 1e-9):
            raise _error(config, ["points", fixed[-1]],
                         f"the [points] of task {task}'s scenarios add up to {total:g}, but "
                         f"[tasks.{task}] points = {info.points:g}")

