"""Helpers for tests that grade bundled sessions."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import PROJECT_ROOT
from labverify.run import session_options

SESSIONS = PROJECT_ROOT / "cassettes"
EXPECTATIONS = Path(__file__).parent / "session_expectations.toml"


@cache
def expectations() -> dict:
    return tomllib.loads(EXPECTATIONS.read_text(encoding="utf-8"))


def expected_verdict(session: str, check_id: str) -> str:
    data = expectations()
    for table in (data["sessions"][session], data["baseline"]):
        for pattern, verdict in table.items():
            if fnmatchcase(check_id, pattern):
                return verdict
    raise AssertionError(f"no expectation for {check_id}")


def bundled_sessions() -> list[str]:
    return sorted(p.name for p in SESSIONS.iterdir() if (p / "session.json").is_file())


@cache
def results(session: Path, tasks: str | None = "all") -> tuple:
    """Every scenario's result for a session, graded once per test run."""
    options = replace(session_options(session), tasks=tasks)
    outcome = run_scenarios(GradeRequest(**vars(options)))
    assert outcome.results, outcome.output
    return tuple(outcome.results)


def verdicts(session: Path, tasks: str | None = "all") -> dict[str, str]:
    return {r.check_id: r.verdict.value for r in results(session, tasks)}
