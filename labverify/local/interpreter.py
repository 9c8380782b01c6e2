"""Task 4: the libraries installed in the student's Python, which is usually not labverify's.

The handout pins openai 0.28, which cannot share an environment with labverify's openai, so
the student's interpreter is asked in a subprocess and never imported from here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..catalogue import Text, message

PROBE = r"""
import importlib.util, json, sys
from importlib import metadata
names = json.loads(sys.argv[1])
libraries = {}
for name in names:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        version = None
    libraries[name] = {"version": version,
                       "importable": importlib.util.find_spec(name) is not None}
print(json.dumps({"python": sys.version.split()[0], "executable": sys.executable,
                  "libraries": libraries}))
"""


# Why a probe could not run, as ``error`` records it (a session keeps these words), with the
# catalogue message naming each reason; anything else (a world's own words) is shown as it is.
_FAILURES = (
    ("machine.python.not_found", re.compile(r"no python found on PATH")),
    ("machine.python.cannot_run", re.compile(r"cannot run (?P<executable>.+?): (?P<detail>.*)",
                                             re.DOTALL)),
    ("machine.python.exited", re.compile(
        r"(?P<executable>.+) exited with (?P<code>-?\d+): (?P<detail>.*)", re.DOTALL)),
    ("machine.python.unexpected", re.compile(r"(?P<executable>.+) printed something unexpected",
                                             re.DOTALL)),
)


def failure_message(error: str | None) -> Text:
    """What a check says of an interpreter that could not run, from its recorded ``error``."""
    text = str(error)
    for key, pattern in _FAILURES:
        found = pattern.fullmatch(text)
        if found:
            return message(key, **found.groupdict())
    return message("machine.python_failed", error=text)


def default_python() -> str | None:
    """The ``python`` a student would type: on PATH, as the handout's commands use it."""
    for name in ("python", "python3") if sys.platform != "win32" else ("python", "py"):
        found = shutil.which(name)
        if found:
            return found
    return None


def probe_interpreter(python: str | Path | None, names: list[str],
                      timeout: float = 60.0) -> dict[str, Any]:
    """Installed versions of ``names`` in that interpreter; ``error`` says why it could not run."""
    exe = str(python) if python else default_python()
    if not exe:
        return {"ran": False, "error": "no python found on PATH", "executable": None}
    try:
        done = subprocess.run([exe, "-c", PROBE, json.dumps(names)], capture_output=True,
                              text=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return {"ran": False, "error": f"cannot run {exe}: {exc}", "executable": exe}
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-1:] or ["no output"]
        return {"ran": False, "error": f"{exe} exited with {done.returncode}: {tail[0]}",
                "executable": exe}
    try:
        facts = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"ran": False, "error": f"{exe} printed something unexpected",
                "executable": exe}
    facts["ran"] = True
    facts["error"] = None
    return facts
