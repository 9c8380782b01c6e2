"""Start-up: what a user waits for before labverify answers, as the commands they type.

Prints, measured in the same run with the runs alternated and the best of ``--repeat`` kept:

* ``labverify --version`` against ``python -c pass`` (target: at most 4): the command parses
  its arguments without importing pytest or any SDK;
* ``labverify grade`` on the bundled session against a bare interpreter importing only what a
  grading cannot avoid: pytest, pytest-bdd, vcrpy, the two Azure management SDKs and openai
  (target: at most 1.5). A replay needs no azure-identity: its credential is a fixed one.

Usage::

    python benchmarks/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNAVOIDABLE = ("import pytest, pytest_bdd, vcr, azure.mgmt.cognitiveservices, "
               "azure.mgmt.authorization, openai")


def labverify_command() -> list[str]:
    """The ``labverify`` script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("labverify.exe" if os.name == "nt" else "labverify")
    if script.is_file():
        return [str(script)]
    found = shutil.which("labverify")
    return [found] if found else [sys.executable, "-m", "labverify.cli"]


def best(commands: list[list[str]], repeat: int, cwd: Path) -> list[float]:
    """The fastest of ``repeat`` wall times of each command, the commands run in turn."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            times[index].append(time.perf_counter() - start)
    return [min(t) for t in times]


def report(name: str, mine: float, base: float, base_name: str, target: float) -> bool:
    ratio = mine / base
    met = ratio <= target
    print(f"{name}\n  {mine:.3f} s vs {base_name} {base:.3f} s\n  ratio {ratio:.2f}   "
          f"target <= {target:g}  {'met' if met else 'NOT MET'}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    labverify = labverify_command()
    with tempfile.TemporaryDirectory() as folder:  # an empty folder: nothing read from here
        cwd = Path(folder)
        version, bare = best([[*labverify, "--version"], [sys.executable, "-c", "pass"]],
                             args.repeat, cwd)
        grading, imports = best([[*labverify, "grade"], [sys.executable, "-c", UNAVOIDABLE]],
                                args.repeat, cwd)
    ok = report("labverify --version vs python -c pass", version, bare, "python -c pass", 4)
    ok &= report("labverify grade (bundled session) vs importing what grading needs", grading,
                 imports, "bare imports", 1.5)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
