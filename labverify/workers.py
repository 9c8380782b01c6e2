"""How many worker processes are worth starting, for a class and for a large dataset."""

from __future__ import annotations

import os


def default_workers() -> int:
    """The cores this process may use (all of the machine's where that cannot be asked)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Windows or macOS
        return max(1, os.cpu_count() or 1)
