"""Start-up: what a user waits for before labverify answers, as the commands they type.

Prints, measured in the same run with the runs alternated and the best of ``--repeat`` kept:

* ``labverify --version`` against ``python -c pass`` (target: at most 4): the command parses
  its arguments without importing pytest or any SDK;
* ``labverify grade`` on the bundled session against a bare interpreter importing only what a
  grading cannot avoid: pytest, pytest-bdd, vcrpy, the two Azure management SDKs and openai
  (target: at most 1.5). A replay needs no azure-identity: its credential is a fixed one.
  The command skips the interpreter's last garbage collection at exit (``gc.freeze()``); for
  reference it also prints the ratio against the same imports ending the same way.

With ``--phases`` it also prints where one ``labverify grade`` spends its time: importing
the grade command, pytest's configuration (the step modules among it), collection, the
scenarios, and what follows them (the scorecard), from a timing plugin pytest loads through
``PYTEST_PLUGINS``, the best of ``--repeat`` runs per phase.

Usage::

    python benchmarks/startup.py [--repeat 7] [--phases]
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

# A pytest plugin printing, on stderr, seconds since the grading process began its imports.
_TIMER = """
import atexit, builtins, sys, time
def _mark(label): print(f"phase {label} {time.perf_counter() - builtins.LABVERIFY_T0:.4f}",
                        file=sys.stderr)
def pytest_configure(config): _mark("configured")
def pytest_collection_finish(session): _mark("collected")
def pytest_sessionfinish(session): _mark("scenarios")
atexit.register(_mark, "done")
"""
_GRADE = """
import builtins, sys, time
builtins.LABVERIFY_T0 = time.perf_counter()
import labverify.commands.grade
print(f"phase imported {time.perf_counter() - builtins.LABVERIFY_T0:.4f}", file=sys.stderr)
from labverify.cli import main
sys.exit(main(["grade"]))
"""
PHASES = {"imported": "importing the grade command", "configured": "pytest's configuration",
          "collected": "collecting the scenarios", "scenarios": "running them",
          "done": "the scorecard and exit"}

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


def phases(repeat: int, cwd: Path) -> dict[str, float]:
    """The best time of each phase of ``labverify grade`` (its own length, not its end)."""
    timer = cwd / "labverify_phase_timer.py"
    timer.write_text(_TIMER, encoding="utf-8")
    env = {**os.environ, "PYTEST_PLUGINS": timer.stem,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(cwd), os.environ.get("PYTHONPATH")]))}
    best_of: dict[str, float] = {}
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", _GRADE], cwd=cwd, env=env, text=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        ends = {line.split()[1]: float(line.split()[2])
                for line in done.stderr.splitlines() if line.startswith("phase ")}
        if list(ends) != list(PHASES):
            raise SystemExit(f"the grading did not report every phase:\n{done.stderr}")
        previous = 0.0
        for name, end in ends.items():
            best_of[name] = min(best_of.get(name, end - previous), end - previous)
            previous = end
    return best_of


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--phases", action="store_true",
                        help="also print where one grading spends its time")
    args = parser.parse_args(argv)
    labverify = labverify_command()
    with tempfile.TemporaryDirectory() as folder:  # an empty folder: nothing read from here
        cwd = Path(folder)
        version, bare = best([[*labverify, "--version"], [sys.executable, "-c", "pass"]],
                             args.repeat, cwd)
        grading, imports, frozen = best(
            [[*labverify, "grade"], [sys.executable, "-c", UNAVOIDABLE],
             [sys.executable, "-c", f"{UNAVOIDABLE}; import gc; gc.freeze()"]], args.repeat, cwd)
    ok = report("labverify --version vs python -c pass", version, bare, "python -c pass", 4)
    ok &= report("labverify grade (bundled session) vs importing what grading needs", grading,
                 imports, "bare imports", 1.5)
    # labverify's command ends without the interpreter's last garbage collection (cli's
    # console_main). For reference, not a target: against bare imports that end the same way,
    # the ratio says what everything else a grading does costs.
    print(f"for reference: bare imports also ending without the last collection\n  "
          f"{grading:.3f} s vs {frozen:.3f} s\n  ratio {grading / frozen:.2f}")
    if args.phases:
        with tempfile.TemporaryDirectory() as folder:
            spent = phases(args.repeat, Path(folder))
        print("labverify grade, phase by phase (best of each)")
        for name, seconds in spent.items():
            print(f"  {PHASES[name]:<30} {seconds:.3f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
