"""Every benchmark in one command, each printed as a figure, its ratio and the target.

* **replay vs collection**: grading the bundled session (``cassettes/complete``, all tasks)
  against pytest collecting the same suite with the same options (``--collect-only``), twice:
  as the commands a user runs (a fresh ``python -m pytest`` each), and in one warm process
  with ``run_scenarios``, which leaves out start-up and imports and so shows what the
  scenarios themselves cost. Target: at most 1.5, i.e. replaying costs little more than
  finding the scenarios.
* **requests per read**: the recorded session's interactions per cassette (each cassette is
  one distinct read), and a live grading against the Azure double: requests the double
  served per distinct read the run made, and per distinct request. Target: 1.0.
* **dataset check vs the handout's code**: ``labverify data`` on both files against the
  handout's step-8 token-counting cell (``benchmarks/dataset_vs_handout.py``). Target: at most
  1.0, no slower than the notebook.
* **batch vs sequential**: ``benchmarks/batch_vs_sequential.py`` when present.

Runs alternate and the best of ``--repeat`` is kept for every timed side. Usage::

    python benchmarks/run_all.py [--repeat 5] [--examples 20000] [--students 10]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402
import yaml  # noqa: E402

from labverify.grading import GradeRequest, lab_plugins, pytest_args, run_scenarios  # noqa: E402
from labverify.paths import BUNDLED_SESSION  # noqa: E402
from labverify.recording import netblock  # noqa: E402
from labverify.run import LabRun  # noqa: E402

COMPLETE_WORLD = ROOT / "fixtures" / "worlds" / "complete.toml"


def figure(name: str, detail: str, ratio: float | None, target: str) -> None:
    shown = "n/a" if ratio is None else f"{ratio:.3f}"
    met = "" if ratio is None else ("  met" if _meets(ratio, target) else "  NOT MET")
    print(f"{name}\n  {detail}\n  ratio {shown}   target {target}{met}")


def _meets(ratio: float, target: str) -> bool:
    op, value = target.split()
    return ratio <= float(value) + 1e-9 if op == "<=" else abs(ratio - float(value)) < 1e-9


def best_of(repeat: int, *fns: Callable[[], Any]) -> list[float]:
    """Best wall time of each function; runs alternate so load falls on all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for index, fn in enumerate(fns):
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


# -- replay vs collection ----------------------------------------------------------------------
def replay_vs_collection(repeat: int) -> None:
    request = GradeRequest(mode="replay", session=BUNDLED_SESSION, tasks="all")
    args = pytest_args(request)
    results: list[Any] = []

    def replay() -> None:
        outcome = run_scenarios(request)
        results[:] = outcome.results

    def collect() -> None:
        code = pytest.main([*args, "--collect-only"], plugins=lab_plugins(request))
        if code != 0:
            raise SystemExit(f"collection failed with exit code {code}")

    # As a user runs it: one fresh interpreter per command, imports and start-up included;
    # the plugins and options by name, as pytest's own command line gives them.
    command = [sys.executable, "-m", "pytest", *args, "-p", "pytest_bdd.plugin", "-p",
               "labverify.plugin", "--lab-session", str(BUNDLED_SESSION), "--lab-tasks", "all"]

    def replay_command() -> None:
        subprocess.run(command, cwd=ROOT, capture_output=True, check=False)

    def collect_command() -> None:
        done = subprocess.run([*command, "--collect-only"], cwd=ROOT, capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"collection failed with exit code {done.returncode}")

    cold = max(1, min(repeat, 3))
    replay_cmd_s, collect_cmd_s = best_of(cold, replay_command, collect_command)
    figure("Full-lab replay vs bare collection, as commands (python -m pytest, cassettes/complete, "
           "all tasks)", f"replay {replay_cmd_s:.3f} s, collection {collect_cmd_s:.3f} s, best of "
           f"{cold}", replay_cmd_s / collect_cmd_s, "<= 1.5")

    replay()  # imports the step modules once; both sides then start from the same state
    replay_s, collect_s = best_of(repeat, replay, collect)
    figure("Full-lab replay vs bare collection, in one warm process (imports excluded)",
           f"replay {replay_s:.3f} s ({len(results)} scenarios), collection "
           f"{collect_s:.3f} s, best of {repeat}", replay_s / collect_s, "<= 1.5")
    empty_scenarios_floor(repeat, len(results))


EMPTY_STEPS = """
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("floor.feature")

@given(parsers.parse("a thing {n:d}"), target_fixture="thing")
def _(n):
    return n

@when(parsers.parse("it acts {n:d}"))
def _(thing, n):
    pass

@then(parsers.parse("it is fine {n:d}"))
def _(thing):
    pass
"""


def empty_scenarios_floor(repeat: int, scenarios: int) -> None:
    """What pytest and pytest-bdd alone charge: the same number of scenarios doing nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        lines = ["Feature: floor"]
        for n in range(scenarios):
            lines += [f"  Scenario: s{n}", f"    Given a thing {n}", f"    When it acts {n}",
                      f"    Then it is fine {n}"]
        (Path(tmp) / "floor.feature").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (Path(tmp) / "test_floor.py").write_text(EMPTY_STEPS, encoding="utf-8")
        args = [tmp, "--rootdir", tmp, "-q", "-p", "no:cacheprovider", "-p",
                "no:unraisableexception", "--tb=no"]
        best_of(1, lambda: pytest.main(args))
        run_s, collect_s = best_of(repeat, lambda: pytest.main(args),
                                   lambda: pytest.main([*args, "--collect-only"]))
    figure(f"Floor: {scenarios} empty three-step pytest-bdd scenarios, run vs collected, same "
           "warm process", f"run {run_s:.3f} s, collection {collect_s:.3f} s, best of {repeat}",
           run_s / collect_s, "<= 1.5")


# -- requests per read ---------------------------------------------------------------------
def recorded_requests(session: Path) -> tuple[int, int]:
    """(interactions, cassettes) of a recorded session: every cassette is one read."""
    cassettes = sorted(session.rglob("*.yaml"))
    interactions = 0
    for cassette in cassettes:
        data = yaml.safe_load(cassette.read_text(encoding="utf-8")) or {}
        interactions += len(data.get("interactions", []))
    return interactions, len(cassettes)


@contextlib.contextmanager
def watched_runs() -> Iterator[list[dict[str, Any]]]:
    """What each LabRun read and what its double served, taken as the run finishes."""
    seen: list[dict[str, Any]] = []
    finish = LabRun.finish

    def watching(self: LabRun, **kwargs: Any) -> None:
        double = self.double
        finish(self, **kwargs)  # reads under way (a live run's prefetch) end first
        if double is not None:
            seen.append({"reads": list(self.reads.calls), "requests": double.requests})

    LabRun.finish = watching  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        LabRun.finish = finish  # type: ignore[method-assign]


def requests_per_read() -> None:
    interactions, cassettes = recorded_requests(BUNDLED_SESSION)
    figure("Requests per distinct read, recorded session (cassettes/complete)",
           f"{interactions} interactions in {cassettes} cassettes", interactions / cassettes,
           "= 1.0")
    with netblock.loopback_allowed(), watched_runs() as seen:
        outcome = run_scenarios(GradeRequest(mode="live", world=COMPLETE_WORLD, tasks="all"))
    if not seen or not outcome.results:
        print("  live grading against the double did not run:\n" + outcome.output[-2000:])
        return
    reads, log = seen[-1]["reads"], seen[-1]["requests"]
    distinct = {(r.method, r.path.lower(), tuple(sorted(r.query.items()))) for r in log}
    figure("Requests per distinct read, live grading against the Azure double (all tasks)",
           f"{len(log)} requests served for {len(set(reads))} distinct reads "
           f"({len(outcome.results)} scenarios)", len(log) / len(set(reads)), "= 1.0")
    figure("Requests per distinct request, same grading (nothing asked twice)",
           f"{len(log)} requests, {len(distinct)} distinct method+path+query",
           len(log) / len(distinct), "= 1.0")


# -- dataset check vs the handout --------------------------------------------------------------
def _load(name: str) -> ModuleType | None:
    path = ROOT / "benchmarks" / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"benchmarks_{name}", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dataset_vs_handout(examples: int, repeat: int) -> None:
    bench = _load("dataset_vs_handout")
    if bench is None:
        print("Dataset check vs the handout's code\n  not available")
        return
    from labverify.tokenizers import get_encoding

    get_encoding("o200k_base")  # loaded once: neither side pays for it
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        paths = [Path(tmp) / "training_set.jsonl", Path(tmp) / "validation_set.jsonl"]
        bench.generate(paths[0], examples, seed=6)
        bench.generate(paths[1], max(10, examples // 100), seed=7)
        files, report = [str(p) for p in paths], Path(tmp) / "report.json"
        statuses: list[int] = []

        def ours() -> None:
            statuses.append(bench.labverify_data(files, report, None))

        ours_s, handout_s = best_of(repeat, ours, bench.handout_token_cell)
    figure(f"Dataset check vs the handout's step-8 cell ({examples:,} + "
           f"{max(10, examples // 100):,} examples)",
           f"labverify data {ours_s:.3f} s (exit status {statuses[-1]}), handout "
           f"{handout_s:.3f} s, best of {repeat}", ours_s / handout_s, "<= 1.0")


# -- batch vs sequential -----------------------------------------------------------------------
def batch_vs_sequential(students: int) -> None:
    bench = _load("batch_vs_sequential")
    needed = ("write_roster", "run")
    if bench is None or not all(hasattr(bench, name) for name in needed):
        print("Batch grading vs sequential\n  not available")
        return
    jobs = max(2, min(4, os.cpu_count() or 2))
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        bench.write_roster(roster, students)
        try:
            # run() gives (whole command, grading alone, ...) wall seconds.
            sequential = bench.run(roster, Path(tmp) / "seq", 1, None)[1]
            parallel = bench.run(roster, Path(tmp) / "par", jobs, None)[1]
        except (SystemExit, Exception) as exc:  # its command may still be changing
            print(f"Batch grading vs sequential\n  not available ({exc})")
            return
    figure(f"Batch grading vs sequential ({students} students, --jobs {jobs})",
           f"parallel {parallel:.3f} s, sequential {sequential:.3f} s (grading alone)",
           parallel / sequential, "<= 1.0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is kept")
    parser.add_argument("--examples", type=int, default=20_000,
                        help="training examples for the dataset benchmark")
    parser.add_argument("--students", type=int, default=10,
                        help="roster size for the batch benchmark")
    args = parser.parse_args(argv)
    print(f"labverify benchmarks, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}\n")
    replay_vs_collection(args.repeat)
    requests_per_read()
    dataset_vs_handout(args.examples, max(1, args.repeat // 2))
    batch_vs_sequential(args.students)
    return 0


if __name__ == "__main__":
    sys.exit(main())
