"""The project stays ruff clean and its modules small."""

from __future__ import annotations

import subprocess
import sys

from labverify.paths import PROJECT_ROOT

MAX_LINES = 420


def test_ruff_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_module_is_over_about_400_lines() -> None:
    long = []
    for folder in ("labverify", "steps", "fixtures", "tests", "benchmarks"):
        for path in (PROJECT_ROOT / folder).rglob("*.py"):
            count = len(path.read_text(encoding="utf-8").splitlines())
            if count > MAX_LINES:
                long.append(f"{path.relative_to(PROJECT_ROOT)}: {count}")
    assert not long, long
