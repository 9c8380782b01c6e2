"""--wait polls what is in progress; --carry-out performs tasks 7-10 and nothing else does."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from labverify.config import load_config
from labverify.grading import GradeRequest, run_scenarios
from labverify.options import RunOptions
from labverify.paths import PROJECT_ROOT
from labverify.run import LabRun
from labverify.verdicts import NotGraded

from .sessions import SESSIONS, verdicts

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"


def running_world(tmp_path: Path) -> Path:
    """The t7-job-running student, whose job finishes after two more looks at it."""
    text = (WORLDS / "t7-job-running.toml").read_text(encoding="utf-8")
    text = text.replace('base = "complete.toml"',
                        f'base = "{(WORLDS / "complete.toml").as_posix()}"')
    text = text.replace('status = "running"',
                        'status = "running"\nprogress = ["running", "succeeded"]')
    world = tmp_path / "running.toml"
    world.write_text(text, encoding="utf-8")
    return world


def graded(**request: object) -> dict[str, str]:
    outcome = run_scenarios(GradeRequest(**request))  # type: ignore[arg-type]
    assert outcome.results, outcome.output
    return {r.check_id: r.verdict.value for r in outcome.results}


def test_wait_turns_a_running_job_into_its_final_verdict(tmp_path: Path) -> None:
    world = running_world(tmp_path)
    assert graded(mode="live", world=world, tasks="7")["t7-job-succeeded"] == "in_progress"
    assert graded(mode="live", world=world, tasks="7",
                  wait_seconds=600)["t7-job-succeeded"] == "pass"


def test_a_recorded_wait_replays_without_sleeping(tmp_path: Path) -> None:
    world = running_world(tmp_path)
    session = tmp_path / "session"
    assert graded(mode="record", world=world, session=session, tasks="7",
                  wait_seconds=600)["t7-job-succeeded"] == "pass"
    started = time.monotonic()
    assert graded(session=session, tasks="7", wait_seconds=600)["t7-job-succeeded"] == "pass"
    assert time.monotonic() - started < 10
    # Without --wait the same session shows the job as it was first seen: in progress.
    assert graded(session=session, tasks="7")["t7-job-succeeded"] == "in_progress"


def test_the_bundled_carry_out_session_replays_every_action() -> None:
    got = verdicts(SESSIONS / "carry-out")
    assert got == dict.fromkeys(["c7-upload", "c7-finetune", "c8-deploy", "c9-chat",
                                 "c10-delete"], "pass")
    actions = sorted(p.stem for p in (SESSIONS / "carry-out" / "carry-out").glob("*.yaml"))
    assert actions == ["create-job", "delete-account", "deploy", "upload-training",
                       "upload-validation", "wait-job", "wait-training", "wait-validation"]


def test_grading_never_runs_a_carry_out_scenario() -> None:
    got = verdicts(SESSIONS / "complete", tasks="all")
    assert not any(check.startswith("c") for check in got)


def test_carry_out_steps_refuse_outside_carry_out_mode() -> None:
    from labverify.content.steps.carry_out import _require_carry_out

    run = LabRun(load_config(), RunOptions(session=SESSIONS / "complete"))
    try:
        with pytest.raises(NotGraded, match="needs --carry-out"):
            _require_carry_out(run)
        assert run.target.read_only is True
    finally:
        run.finish()


def test_wait_follows_a_deployment_until_it_is_created(tmp_path: Path) -> None:
    text = (WORLDS / "t8-deployment-creating.toml").read_text(encoding="utf-8")
    text = text.replace('base = "complete.toml"', f'base = "{(WORLDS / "complete.toml").as_posix()}"')
    text = text.replace('chat = "not_found"', 'chat = "answer"\nprogress = ["Creating", "Succeeded"]')
    world = tmp_path / "creating.toml"
    world.write_text(text, encoding="utf-8")
    assert graded(mode="live", world=world, tasks="8")["t8-provisioned"] == "in_progress"
    assert graded(mode="live", world=world, tasks="8-9", wait_seconds=1800) == {
        "t8-deployment": "pass", "t8-provisioned": "pass", "t8-format-sku": "pass",
        "t9-chat": "pass"}
