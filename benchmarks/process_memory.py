"""Wall time of a command, and the peak memory of all its processes (Linux /proc)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def _tree_rss(root: int) -> int:
    """Memory of a process and all its descendants now, in bytes (Linux /proc): each one's
    proportional set size, so pages that forked workers share with their parent count once."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        try:
            rollup = (entry / "smaps_rollup").read_text()
            pss = next(line for line in rollup.splitlines() if line.startswith("Pss:"))
            rss[pid] = int(pss.split()[1]) * 1024
        except (OSError, StopIteration):
            rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) * 1024
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure_command(command: list[str], cwd: Path, env: dict[str, str],
                    watch_memory: bool) -> tuple[float, int]:
    """Wall time of a command, and with ``watch_memory`` the peak of its processes' summed
    memory (polled every 10 ms; 0 otherwise)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0
    if not watch_memory:
        process.wait()
        return time.perf_counter() - start, 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.01)
    return time.perf_counter() - start, peak
