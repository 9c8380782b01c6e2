"""Classes whose students move through the lab over an afternoon, as world files with timelines.

``write_class`` writes a roster and one world file per student: every world starts from the
bundled ``complete.toml`` with nothing in Azure yet, and its ``[[timeline]]`` adds the
student's work as they do it: the resource (Creating, then Succeeded), the roles, the
environment variables, the uploaded files and the fine-tuning job (pending, running,
succeeded), the deployment (Creating for 20 minutes). Students differ in pace and in mistakes,
some of which they fix later. The bundled class (``fixtures/classes/afternoon``, graded by
``labverify watch --roster afternoon``) is ``write_class(folder, AFTERNOON)``; the watch
benchmark writes bigger classes of the same kinds.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..outputs import write_text
from ..paths import WORLDS_DIR

START = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)  # the class begins; round 1's clock
ROLES_MISSING_USER = 1  # index of Cognitive Services OpenAI User among complete.toml's roles


@dataclass(frozen=True)
class Pace:
    """One student's afternoon, in minutes after START (None: not this afternoon)."""

    name: str
    account: int | None = 10
    region: str = "northcentralus"  # where the resource is first created
    recreated: int | None = None  # when it is made again in the right region
    roles: int | None = 20
    missing_user_role: int | None = None  # the OpenAI User role comes only then (None: at once)
    env: int | None = 30
    quoted_key: int | None = None  # the key is set with quotes until then
    upload: int | None = 40  # files uploaded and the job created
    queued: int = 10  # pending for this long, then running
    training: int = 60  # running for this long, then succeeded
    job_fails: bool = False
    deploy: int | None = 0  # minutes after the job ends (None: never)
    deploy_fails: bool = False
    throttled_from: int | None = None  # ARM throttles this student's subscription from then


def _afternoon() -> list[Pace]:
    paces = [
        Pace("Chen Yi-Ting"), Pace("Lin Wei", account=5, roles=12, env=18, upload=25),
        Pace("Wang Mei-Ling", account=20, roles=35, env=45, upload=60),
        Pace("Huang Jun-Hao", region="eastus", recreated=70),  # fixes the region later
        Pace("Chang Shu-Fen", missing_user_role=50),  # adds the missing role between rounds
        Pace("Liu Chih-Ming", quoted_key=65),
        Pace("Tsai Ya-Wen", job_fails=True),  # the job fails: stuck on task 7
        Pace("Yang Kuan-Yu", deploy_fails=True),
        Pace("Hsu Pei-Shan", account=None),  # has not started all afternoon
        Pace("Cheng Tzu-Hsuan", throttled_from=55),  # ARM throttles the grader's reads
        Pace("Wu Hsin-Yi", account=45, roles=60, env=70, upload=90),
        Pace("Kuo Po-Wei", upload=None),  # stops after the environment variables
        Pace("Lai Yu-Chen", training=100),
        Pace("Hsieh Chia-Hui", region="westeurope"),  # never notices the region
        Pace("Chou Ting-Yu", queued=40),
        Pace("Su Wen-Chieh", roles=None),  # no roles at all
        Pace("Lu Hsiao-Han", deploy=None),  # trains, never deploys
        Pace("Yeh Shih-Chieh", account=2, roles=6, env=10, upload=15, training=45),
        Pace("Tseng Hui-Min", missing_user_role=110),
        Pace("Pan Cheng-Yu", env=None, upload=None),
        Pace("Tu Yi-Hsuan", account=30, roles=40, env=50, upload=70, training=40),
        Pace("Chiang Yu-Ting", quoted_key=200),  # quotes the key all afternoon
        Pace("Hung Ming-Che", job_fails=True, deploy=None),
        Pace("Fang Shu-Hui", account=60, roles=None),
        Pace("Kao Chun-Yi", account=8, roles=14, env=22, upload=30, training=50),
        Pace("Lo Pin-Yu", region="eastus", recreated=40),
        Pace("Shih Kai-Wen", account=15, roles=25, env=35, upload=100),
        Pace("Chien Ya-Ting", deploy_fails=True, training=40),
        Pace("Ho Tsung-Han", account=90),
        Pace("Peng Li-Chun", account=12, roles=18, env=24, upload=33, training=70),
    ]
    return paces


AFTERNOON = _afternoon()


def many(count: int) -> list[Pace]:
    """``count`` students: the afternoon's paces again and again, renamed."""
    return [replace(AFTERNOON[i % len(AFTERNOON)], name=f"student-{i + 1:03d}")
            for i in range(count)]


def _base() -> dict[str, Any]:
    return tomllib.loads((WORLDS_DIR / "complete.toml").read_text(encoding="utf-8"))


def _at(minutes: float) -> str:
    return (START + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def _inline(value: Any) -> str:
    """A TOML inline value (the timeline's set = {...} holds whole tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    raise TypeError(type(value).__name__)


def _steps(pace: Pace, base: dict[str, Any]) -> list[tuple[float, dict[str, Any]]]:
    steps: list[tuple[float, dict[str, Any]]] = []
    if pace.account is None:
        return steps
    account = dict(base["accounts"][0], location=pace.region, provisioning_state="Creating")
    steps.append((pace.account, {"accounts": [account]}))
    ready = pace.account + 3
    steps.append((ready, {"accounts[0].provisioning_state": "Succeeded"}))
    # Nothing of the resource's can come before it: a late starter does the rest after it.
    pace = replace(pace, roles=None if pace.roles is None else max(pace.roles, ready),
                   upload=None if pace.upload is None else max(pace.upload, ready))
    if pace.recreated is not None:
        steps.append((pace.recreated, {"accounts[0].location": "northcentralus"}))
    if pace.roles is not None:
        roles = base["role_assignments"]
        if pace.missing_user_role is not None:
            partial = [r for i, r in enumerate(roles) if i != ROLES_MISSING_USER]
            steps.append((pace.roles, {"role_assignments": partial}))
            steps.append((max(pace.roles, pace.missing_user_role), {"role_assignments": roles}))
        else:
            steps.append((pace.roles, {"role_assignments": roles}))
    if pace.env is not None:
        if pace.quoted_key is not None:
            steps.append((pace.env, {"machine.api_key": "quoted"}))
            steps.append((max(pace.env, pace.quoted_key), {"machine.api_key": "key1"}))
        else:
            steps.append((pace.env, {"machine.api_key": "key1"}))
    if pace.upload is None:
        return steps
    done = base["jobs"][0]
    uploaded = [f for f in base["files"] if f["purpose"] == "fine-tune"]
    pending = {k: v for k, v in done.items() if k not in (
        "finished_at", "trained_tokens", "result_files", "checkpoints")}
    pending.update(status="pending", fine_tuned_model="", events=done["events"][:1])
    steps.append((pace.upload, {"files": uploaded, "jobs": [pending]}))
    running = dict(pending, status="running", events=done["events"][:3])
    started = pace.upload + pace.queued
    steps.append((started, {"jobs": [running]}))
    ended = started + pace.training
    if pace.job_fails:
        failed = dict(running, status="failed", error={
            "code": "invalidTrainingFile",
            "message": "The job failed due to an invalid training file."})
        steps.append((ended, {"jobs": [failed]}))
        return steps
    steps.append((ended, {"files": base["files"], "jobs": [done]}))
    if pace.deploy is None:
        return steps
    deployment = dict(base["deployments"][0], provisioning_state="Creating", chat="not_found",
                      created=_at(ended + pace.deploy))
    steps.append((ended + pace.deploy, {"deployments": [deployment]}))
    finished = dict(deployment, provisioning_state="Failed" if pace.deploy_fails else "Succeeded",
                    chat="not_found" if pace.deploy_fails else "answer")
    steps.append((ended + pace.deploy + 20, {"deployments": [finished]}))
    return steps


def world_text(pace: Pace, number: int, base_path: str,
               throttle: tuple[float, int] | None = None, subscription: str | None = None
               ) -> str:
    """One student's world file; ``throttle`` (reads per second, burst) from the start;
    ``subscription`` shared by the class (else one per student)."""
    steps = _steps(pace, _base())
    subscription = subscription or f"11111111-2222-3333-4444-{number:012d}"
    lines = [f"# {pace.name}'s afternoon, written by labverify.watch.classgen: what is in",
             "# Azure at first (nothing), then each step of the lab as the student does it.",
             f'base = "{base_path}"', "accounts = []", "role_assignments = []", "files = []",
             "jobs = []", "deployments = []", "", "[world]",
             f"description = {json.dumps(pace.name + ' during the afternoon class')}",
             f'subscription_id = "{subscription}"', f'clock = "{_at(0)}"', "", "[machine]",
             'api_key = "unset"']
    if throttle is not None:
        lines += ["", "[throttle]", f"reads_per_second = {throttle[0]!r}",
                  f"burst = {throttle[1]}"]
    if pace.throttled_from is not None:
        # The grader's read limit on this subscription nearly spent: from then on one read
        # in a thousand seconds, past any budget (the first read of a round may pass).
        steps.append((pace.throttled_from,
                      {"throttle": {"reads_per_second": 0.001, "burst": 1}}))
    for minutes, values in sorted(steps, key=lambda step: step[0]):
        lines += ["", "[[timeline]]", f'at = "{_at(minutes)}"',
                  "set = " + _inline(values)]
    return "\n".join(lines) + "\n"


def file_name(pace: Pace) -> str:
    return pace.name.lower().replace(" ", "-") + ".toml"


def write_class(folder: Path, paces: list[Pace], *, base: Path | None = None,
                throttle: tuple[float, int] | None = None,
                subscription: str | None = None) -> Path:
    """The roster (``roster.csv``) and one world per student under ``folder/worlds``."""
    worlds = folder / "worlds"
    worlds.mkdir(parents=True, exist_ok=True)
    base = base or (WORLDS_DIR / "complete.toml")
    # Relative, as world files name their base: the folder may move with its class.
    base_path = Path(os.path.relpath(Path(base).resolve(), worlds.resolve()))
    rows = ["student,world"]
    for number, pace in enumerate(paces, start=1):
        name = file_name(pace)
        write_text(worlds / name, world_text(pace, number, base_path.as_posix(), throttle,
                                                    subscription))
        rows.append(f"{pace.name},worlds/{name}")
    roster = folder / "roster.csv"
    write_text(roster, "\n".join(rows) + "\n")
    return roster

