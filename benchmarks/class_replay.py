"""Class replay at warm speed: grading N students in parallel against one warm replay.

Builds a roster of ``--students`` students (200 by default) whose sessions are copies of the
bundled synthesized sessions (recorded from the bundled world files), cycling through them, then:

* **warm replay**: in this process, after one grading to warm it up, the mean time of grading
  each bundled session once (``run_scenarios``), the cost of one student in a warm process;
* **class**: ``labverify grade --roster ROSTER --out DIR --jobs J`` as a command, and also the
  same run's start-up (``labverify grade --roster`` of one student) so that the per-student
  cost inside the workers can be told apart from it.

Prints the class's total wall time on this machine's cores, the wall time per student
(total / N), the time each worker spent per student ((total - start-up) x J / N) and both
against the warm replay (target for the workers' time per student: at most 1.2). Usage::

    python benchmarks/class_replay.py [--students 200] [--jobs 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import SESSIONS_DIR
from labverify.run import session_options
from labverify.workers import default_workers


def bundled() -> list[Path]:
    return sorted(p for p in SESSIONS_DIR.iterdir() if (p / "session.json").is_file())


def write_class(folder: Path, students: int) -> Path:
    sessions = bundled()
    roster = folder / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["student", "session"])
        for n in range(students):
            source = sessions[n % len(sessions)]
            name = f"student{n:03d}"
            shutil.copytree(source, folder / "sessions" / name)
            writer.writerow([name, f"sessions/{name}"])
    return roster


def warm_replay() -> float:
    with contextlib.redirect_stdout(io.StringIO()):
        run_scenarios(GradeRequest(**vars(session_options(bundled()[0]))))
        times = []
        for session in bundled():
            start = time.perf_counter()
            run_scenarios(GradeRequest(**vars(session_options(session))))
            times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def command(roster: Path, out: Path, jobs: int) -> float:
    labverify = Path(sys.executable).with_name("labverify")
    start = time.perf_counter()
    subprocess.run([str(labverify), "grade", "--roster", str(roster), "--out", str(out),
                    "--jobs", str(jobs)], check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=default_workers())
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        roster = write_class(folder, args.students)
        one = folder / "one.csv"
        one.write_text("student,session\nstudent000,sessions/student000\n", encoding="utf-8")
        totals, starts = [], []
        for n in range(args.repeat):
            totals.append(command(roster, folder / f"grades-{n}", args.jobs))
            starts.append(command(one, folder / f"one-{n}", 1))
        warm = warm_replay()
    total, start = min(totals), min(starts)
    per_student = total / args.students
    per_worker = (total - start) * args.jobs / args.students
    print(f"class of {args.students} on {args.jobs} worker(s): {total:.1f} s in all "
          f"(start-up and one student alone: {start:.2f} s)")
    print(f"  one warm replay: {warm:.3f} s")
    print(f"  wall time per student: {per_student:.3f} s = {per_student / warm:.2f} x the warm "
          "replay")
    ratio = per_worker / warm
    print(f"  worker time per student: {per_worker:.3f} s = {ratio:.2f} x the warm replay   "
          f"target <= 1.2  {'met' if ratio <= 1.2 else 'NOT MET'}")
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
