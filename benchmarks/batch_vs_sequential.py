"""Benchmark: grading a class in worker processes against grading it one student at a time.

Builds a roster of ``--students`` students (50 by default) whose sessions cycle through the
bundled recorded sessions, then runs the class-grading command, each run in a fresh
interpreter::

    labverify grade --roster ROSTER --out DIR --jobs 1   # sequential, in the one process
    labverify grade --roster ROSTER --out DIR --jobs N   # N worker processes

Two times are taken for each run: the whole command (interpreter start and imports
included, which both sides pay once) and the grading alone (the command's ``main`` call:
roster, grading, reports, gradebook). Runs alternate, ``--repeat`` times each; the best of
each is kept, so a burst of other work on the machine penalises neither side more than the
other. Both sides must write byte-identical gradebooks and reports, which is checked. Usage::

    python benchmarks/batch_vs_sequential.py [--students 50] [--jobs 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SESSIONS = ROOT / "cassettes"


def write_roster(path: Path, students: int) -> None:
    sessions = sorted(p for p in SESSIONS.iterdir() if (p / "session.json").is_file())
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student", "session"])
        for i in range(students):
            writer.writerow([f"student-{i + 1:03d}", str(sessions[i % len(sessions)])])


# Runs the command's main() and reports how long that call took, imports excluded.
_TIMED_MAIN = """
import sys, time
from labverify.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(f"grading-seconds {time.perf_counter() - start:.6f}", file=sys.stderr)
sys.exit(code)
"""


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy, from /proc/stat (Linux), else None."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields[:8]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle, iowait


def run(roster: Path, out: Path, jobs: int, tasks: str | None) -> tuple[float, float, float]:
    """(whole command, grading alone) wall seconds, and the CPUs other processes kept busy."""
    command = [sys.executable, "-c", _TIMED_MAIN, "grade", "--roster", str(roster),
               "--out", str(out), "--jobs", str(jobs)]
    if tasks:
        command += ["--tasks", tasks]
    busy_before, own_before = busy_cpu_seconds(), _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "120"})
    elapsed = time.perf_counter() - start
    busy_after, own = busy_cpu_seconds(), _children_cpu() - own_before
    # What the rest of the machine used meanwhile: a parallel run cannot have cores that
    # others hold, so the figure says how far a run's time can be trusted.
    others = ((busy_after - busy_before - own) / elapsed
              if busy_before is not None and busy_after is not None else float("nan"))
    if done.returncode != 0:
        sys.exit(f"grading --jobs {jobs} exited {done.returncode}:\n{done.stderr[-2000:]}")
    grading = float(done.stderr.rsplit("grading-seconds ", 1)[1].split()[0])
    return elapsed, grading, max(0.0, others)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def same_tree(a: Path, b: Path) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(
        same_tree(a / d, b / d) for d in compared.common_dirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--tasks", default=None, help="task selection passed to every run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        write_roster(roster, args.students)
        sequential, parallel = [], []
        for _ in range(args.repeat):
            sequential.append(run(roster, Path(tmp) / "seq", 1, args.tasks))
            parallel.append(run(roster, Path(tmp) / "par", args.jobs, args.tasks))
        if not same_tree(Path(tmp) / "seq", Path(tmp) / "par"):
            sys.exit("sequential and parallel grading wrote different files")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{args.students} students, {cpus} CPUs, best of {args.repeat} runs each")
    for index, label in ((0, "whole command"), (1, "grading alone")):
        seq = [t[index] for t in sequential]
        par = [t[index] for t in parallel]
        print(f"{label}:")
        print(f"  sequential (--jobs 1): {min(seq):6.2f} s   runs: "
              + ", ".join(f"{t:.2f}" for t in seq))
        print(f"  parallel (--jobs {args.jobs}):   {min(par):6.2f} s   runs: "
              + ", ".join(f"{t:.2f}" for t in par))
        print(f"  ratio parallel/sequential: {min(par) / min(seq):.3f}")
    print("CPUs busy with other processes during each run (sequential; parallel): "
          + ", ".join(f"{s[2]:.2f}" for s in sequential) + "; "
          + ", ".join(f"{p[2]:.2f}" for p in parallel))


if __name__ == "__main__":
    main()
