"""The options ``labverify grade`` gains for a class, as cli.py wires them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from labverify.cli import add_grade_many_args, add_subcommands, wants_batch


def grade_parser() -> argparse.ArgumentParser:
    """The shape of cli.py's grade parser once its session argument takes several."""
    parser = argparse.ArgumentParser(prog="labverify")
    sub = parser.add_subparsers(dest="command", required=True)
    grade = sub.add_parser("grade")
    grade.add_argument("session", nargs="*", type=Path)
    grade.add_argument("--live", action="store_true")
    grade.add_argument("--json", type=Path)
    grade.add_argument("--tasks")
    grade.add_argument("--lab-config", type=Path)
    add_grade_many_args(grade)
    add_subcommands(sub)
    return parser


@pytest.mark.parametrize("argv, batch", [
    (["grade"], False),
    (["grade", "s1"], False),
    (["grade", "s1", "--tasks", "1"], False),
    (["grade", "s1", "s2"], True),
    (["grade", "s1", "--out", "o"], True),
    (["grade", "--roster", "r.csv"], True),
    (["grade", "s1", "--waivers", "w.toml"], True),
    (["grade", "s1", "--shard", "1/2"], True),
])
def test_grade_hands_over_to_class_grading_only_when_asked(argv: list[str], batch: bool) -> None:
    assert wants_batch(grade_parser().parse_args(argv)) is batch


def test_merge_and_compare_parse() -> None:
    parser = grade_parser()
    merge = parser.parse_args(["merge", "a.csv", "b.csv", "--out", "m.csv"])
    assert merge.gradebooks == [Path("a.csv"), Path("b.csv")] and merge.out == Path("m.csv")
    compare = parser.parse_args(["compare", "a.json", "b.json"])
    assert (compare.a, compare.b) == (Path("a.json"), Path("b.json"))
