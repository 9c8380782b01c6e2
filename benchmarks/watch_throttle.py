"""A watched class under ARM's read limit: how close a round comes to the fastest the limit
allows, and what throttling costs in requests and verdicts.

Writes a class of ``--students`` students (200 by default, the afternoon's paces again and
again) sharing one subscription, as a lab platform's class often does, and grades one watch
round of it (the worlds as of ``--at``) in ``--jobs`` worker processes, twice:

* **unthrottled**: no read limit; the round's wall time W0, and the ARM reads (GETs: what the
  limit counts) the round made, R;
* **throttled**: the double enforces a token bucket on the subscription (``[throttle]``, the
  real headers, 429 + Retry-After), shared by every worker; its rate is set so that the limit,
  not the machine, bounds the round: (R - burst) / rate = ``--factor`` x W0.

The fastest round the limit allows is max(W0, (R - burst) / rate). Printed: the throttled
round's wall time against it (target at most 1.3), the verdicts that could not be verified
(target 0: throttling slows a round, it does not make errors), and the requests per student
per round (reads made plus the 429s waited out) against the distinct reads a grading needs.
Usage::

    python benchmarks/watch_throttle.py [--students 200] [--jobs 2] [--factor 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from labverify.batch import BatchSettings, Student, read_roster
from labverify.config import load_config
from labverify.double import throttle as double_throttle
from labverify.double.world import load_world
from labverify.watch.classgen import START, many, write_class
from labverify.watch.rounds import Rounds, RoundSettings, shared_buckets
from labverify.watch.sighting import Sighting
from labverify.workers import default_workers

SUBSCRIPTION = "11111111-2222-3333-4444-000000000200"
ARM_GETS = ("arm/accounts", "arm/role-assignments", "arm/deployments", "arm/deleted-accounts")


def one_round(folder: Path, students: int, jobs: int, at: datetime,
              limit: tuple[float, int] | None) -> tuple[float, list[Sighting]]:
    # The afternoon's own throttled student is left out: here the class's limit is the point.
    paces = [replace(pace, throttled_from=None) for pace in many(students)]
    roster = write_class(folder, paces, throttle=limit, subscription=SUBSCRIPTION)
    config = load_config(None)
    class_ = [s for s in read_roster(roster, config.resource_group) if isinstance(s, Student)]
    double_throttle.forget()
    buckets = shared_buckets([load_world(class_[0].world, at)]) if limit else {}
    rounds = Rounds(class_, RoundSettings(BatchSettings(out_dir=folder / "out",
                                                        formats=())),
                    workers=jobs, buckets=buckets)
    try:
        started = time.monotonic()
        sightings = rounds.grade(2, at)  # not a first round: nothing forces a full read
        return time.monotonic() - started, sightings
    finally:
        rounds.close()


def arm_gets(sightings: list[Sighting]) -> int:
    return sum(1 for s in sightings for read in s.reads if read in ARM_GETS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=default_workers())
    parser.add_argument("--factor", type=float, default=2.0,
                        help="how many times longer than W0 the limit makes the round")
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--at", default="2026-11-20T15:00:00Z")
    args = parser.parse_args()
    at = datetime.fromisoformat(args.at.replace("Z", "+00:00"))
    with tempfile.TemporaryDirectory() as tmp:
        one_round(Path(tmp) / "warm", min(args.students, 2 * args.jobs), args.jobs, at, None)
        plain_wall, plain = one_round(Path(tmp) / "plain", args.students, args.jobs, at, None)
        reads = arm_gets(plain)
        rate = round(max(reads - args.burst, 1) / (args.factor * plain_wall), 3)
        wall, throttled = one_round(Path(tmp) / "throttled", args.students, args.jobs, at,
                                    (rate, args.burst))
    bound = max(plain_wall, (arm_gets(throttled) - args.burst) / rate)
    unverified = sum(len(s.unverified) for s in throttled)
    unfinished = sum(not s.finished for s in throttled)
    waited = sum(s.throttled for s in throttled)
    made = sum(len(s.reads) for s in throttled)
    distinct = sum(len(set(s.reads)) for s in plain)
    n = args.students
    print(f"{n} students, {args.jobs} workers, one subscription, worlds as of {args.at} "
          f"(started {START:%H:%M})")
    print(f"unthrottled round: {plain_wall:.1f} s, {reads} ARM reads "
          f"({reads / n:.2f} per student)")
    print(f"read limit: burst {args.burst}, {rate:g} reads/s; the fastest round it allows: "
          f"{bound:.1f} s")
    print(f"throttled round: {wall:.1f} s; {waited} reads got 429 and were waited out")
    print(f"round wall / fastest allowed: {wall / bound:.2f} (target <= 1.3)")
    print(f"checks that could not be verified: {unverified}; students left stale: "
          f"{unfinished} (target 0)")
    print(f"requests per student per round: {(made + waited) / n:.2f} "
          f"(reads made {made / n:.2f} + 429s {waited / n:.2f}) vs distinct reads needed "
          f"{distinct / n:.2f}: {(made + waited) / max(distinct, 1):.2f}x")


if __name__ == "__main__":
    main()
