"""The GitHub Actions workflow: every labverify flag it uses exists, and its shard-and-merge
steps, run here, give the gradebook of the class graded at once."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from labverify.cli import build_parser, main
from labverify.paths import PACKAGE_DIR, SESSIONS_DIR

WORKFLOW = PACKAGE_DIR.parent / "examples" / "github-actions" / "grade-class.yml"
CLASS = ("complete", "t1-wrong-region", "t1-wrong-sku", "t7-job-running", "t5-key-unset",
         "throttled-throughout", "t3-grader-forbidden-listkeys")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def labverify_steps(job: str) -> list[str]:
    steps = workflow()["jobs"][job]["steps"]
    return [s["run"] for s in steps if str(s.get("run", "")).startswith("labverify ")]


def expand(command: str, shard: int | None = None) -> list[str]:
    if shard is not None:
        command = command.replace("${{ matrix.shard }}", str(shard))
    assert "${{" not in command, command
    return shlex.split(command)[1:]


def test_every_labverify_command_of_the_workflow_parses() -> None:
    shards = workflow()["jobs"]["grade"]["strategy"]["matrix"]["shard"]
    commands = [expand(c, s) for c in labverify_steps("grade") for s in shards]
    commands += [expand(c) for c in labverify_steps("merge")]
    assert len(commands) == len(shards) + 1
    parser = build_parser()
    for argv in commands:
        parser.parse_args(argv)  # an unknown flag or a bad value raises UsageError
    # Its shard count matches the matrix, and merge joins every shard's gradebook.
    assert all(f"/{len(shards)}" in " ".join(a) for a in commands[:-1])
    assert len(re.findall(r"grades-\d/gradebook.csv", labverify_steps("merge")[0])) == len(shards)


def test_the_workflow_s_shards_merged_equal_the_whole_class(tmp_path: Path, monkeypatch,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student,session\n" + "".join(f"{s},{SESSIONS_DIR / s}\n" for s in CLASS),
                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for shard in workflow()["jobs"]["grade"]["strategy"]["matrix"]["shard"]:
        for command in labverify_steps("grade"):
            assert main(expand(command, shard)) in (0, 1)
    for command in labverify_steps("merge"):
        assert main(expand(command)) == 0
    assert main(["grade", "--roster", "roster.csv", "--out", "whole", "--jobs", "2"]) in (0, 1)
    capsys.readouterr()
    merged = (tmp_path / "gradebook.csv").read_text(encoding="utf-8")
    assert merged == (tmp_path / "whole" / "gradebook.csv").read_text(encoding="utf-8")
    assert len(merged.splitlines()) == len(CLASS) + 1
