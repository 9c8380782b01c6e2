"""A world: one student's Azure subscription, as the double serves it. See WORLD.md."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .schema import WORLD_SCHEMA, Validator
from .timeline import as_of, steps, world_clock
from .wire import digest_guid, digest_hex
from .worldfile import Locator, load_chain, merge_chain

DEFAULT_CHAT_ANSWER = (
    "Artificial intelligence (AI) is the field of computer science that builds systems able to "
    "do tasks that normally need human intelligence, such as understanding language, "
    "recognising images, learning from data and making decisions."
)
PURGE_DELAY = timedelta(hours=48)  # soft-deleted accounts keep their name this long


@dataclass
class ResourceGroup:
    name: str
    location: str
    exists: bool = True


@dataclass
class Account:
    name: str
    kind: str
    sku: str
    location: str
    provisioning_state: str
    endpoint: str
    created: datetime
    key1: str
    key2: str
    tags: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    deleted_at: datetime | None = None

    @property
    def host(self) -> str:
        return urlparse(self.endpoint).hostname or ""


@dataclass
class RoleAssignment:
    role_guid: str
    scope: str  # a full ARM scope: /subscriptions/...
    principal_id: str
    principal_type: str
    name: str
    created: datetime


@dataclass
class Deployment:
    account: str
    name: str
    model: str
    model_format: str
    model_version: str
    sku_name: str
    capacity: int
    provisioning_state: str
    created: datetime
    chat: str = "answer"
    progress: list[str] = field(default_factory=list)


@dataclass
class DataFile:
    account: str
    id: str
    filename: str
    purpose: str
    status: str
    bytes: int
    created_at: int
    status_details: str | None = None


@dataclass
class JobEvent:
    id: str
    created_at: int
    level: str
    message: str
    type: str
    data: dict[str, Any] | None = None


@dataclass
class Checkpoint:
    id: str
    step_number: int
    created_at: int
    metrics: dict[str, Any]


@dataclass
class Job:
    account: str
    id: str
    model: str
    training_file: str
    validation_file: str | None
    status: str
    fine_tuned_model: str  # shown once the job has succeeded
    created_at: int
    finished_at: int | None
    estimated_finish: int | None
    trained_tokens: int | None
    hyperparameters: dict[str, Any]
    seed: int | None
    suffix: str | None
    result_files: list[str]
    error: dict[str, Any] | None
    progress: list[str]
    events: list[JobEvent]
    checkpoints: list[Checkpoint]


@dataclass
class Fault:
    operation: str
    kind: str
    status: int | None = None
    retry_after: int | None = None
    times: int | None = None
    seconds: float = 1.0


@dataclass
class World:
    source: Path
    description: str
    clock: datetime
    subscription_id: str
    tenant_id: str
    principal_id: str
    lro_polls: int
    arm_page_size: int
    resource_group: ResourceGroup
    accounts: list[Account]
    role_assignments: list[RoleAssignment]
    deployments: list[Deployment]
    files: list[DataFile]
    jobs: list[Job]
    faults: list[Fault]
    chat_answer: str
    digest: str  # hash of the merged world; seeds every derived id
    machine: dict[str, Any] | None = None  # tasks 4-6: the student's computer, stated
    created_job_progress: list[str] = field(default_factory=lambda: ["running", "succeeded"])
    carry_out: bool = False
    chain: tuple[Path, ...] = ()  # this file and its base files: every file it was read from
    latency_seconds: float = 0.0
    throttle: dict[str, Any] | None = None  # {"reads_per_second", "burst"}: ARM's read limit

    @property
    def epoch(self) -> int:
        return int(self.clock.timestamp())

    def account(self, name: str) -> Account | None:
        return next((a for a in self.accounts if a.name.lower() == name.lower()), None)


def load_world(path: Path, at: datetime | None = None) -> World:
    """Read, merge (``base``) and validate a world file, as of ``at`` (else its own clock) when
    it has a timeline (timeline.py). Raises LocatedError on any problem."""
    chain = load_chain(Path(path))
    locator = Locator(chain)
    raw = merge_chain(chain)
    # Ids derive from the file's content, timeline included, so they stay the same at any time.
    digest = hashlib.sha256(json.dumps(raw, sort_keys=True, default=str).encode()).hexdigest()
    _, data = as_of(raw, locator, at,
                    lambda world: Validator(locator).table(world, WORLD_SCHEMA, []))
    machine = data.get("machine")
    if machine and machine.get("labfiles"):
        # Relative to the file that names it, which may be a base file elsewhere.
        stated_in = locator.origin(["machine", "labfiles"]).path
        machine["labfiles"] = str((stated_in.parent / machine["labfiles"]).resolve())
    world = _build(Path(path), data, digest, locator)
    world.chain = tuple(source.path for source in chain)
    world.latency_seconds = float(data["world"]["latency_seconds"])
    world.throttle = data["throttle"]
    return world


def timeline_span(path: Path) -> tuple[datetime, datetime] | None:
    """A world file's own clock and its timeline's last step; None without a timeline."""
    chain = load_chain(Path(path))
    locator = Locator(chain)
    merged = merge_chain(chain)
    timed = steps(merged, locator)
    if not timed:
        return None
    return world_clock(merged, locator), max(step["at"] for step in timed)


def _build(path: Path, data: dict[str, Any], digest: str, locator: Locator) -> World:
    info, group = data["world"], data["resource_group"]
    clock: datetime = info["clock"]
    epoch = int(clock.timestamp())
    sub = info["subscription_id"]
    rg = ResourceGroup(group["name"], group["location"], group["exists"])
    rg_id = f"/subscriptions/{sub}/resourceGroups/{rg.name}"

    accounts = [_account(raw, rg, clock, digest) for raw in data["accounts"]]
    _unique(locator, "accounts", [a.name.lower() for a in accounts], "name")
    _unique(locator, "accounts", [a.host for a in accounts], "endpoint")
    names = {a.name.lower(): a.name for a in accounts}

    def owner(section: str, index: int, raw: dict[str, Any]) -> str:
        if raw["account"] is None:
            if not accounts:
                raise locator.error([section, index, "account"],
                                    "the world has no [[accounts]] to own it", missing=True)
            return accounts[0].name
        if raw["account"].lower() not in names:
            raise locator.error([section, index, "account"],
                                f"no [[accounts]] entry is named '{raw['account']}'")
        return names[raw["account"].lower()]

    roles = []
    for n, raw in enumerate(data["role_assignments"]):
        scope = _scope(raw["scope"], sub, rg_id, accounts, locator, n)
        principal = raw["principal_id"] or info["principal_id"]
        roles.append(RoleAssignment(
            raw["role_guid"], scope, principal, raw["principal_type"],
            raw["name"] or digest_guid(digest, "role", scope.lower(), raw["role_guid"], principal),
            raw["created"] or clock))

    deployments = [Deployment(owner("deployments", n, raw), raw["name"], raw["model"],
                              raw["model_format"], raw["model_version"], raw["sku_name"],
                              raw["capacity"], raw["provisioning_state"],
                              raw["created"] or clock, raw["chat"], list(raw["progress"]))
                   for n, raw in enumerate(data["deployments"])]
    _unique(locator, "deployments",
            [f"{d.account.lower()}/{d.name.lower()}" for d in deployments], "name")

    files = [DataFile(owner("files", n, raw), raw["id"], raw["filename"], raw["purpose"],
                      raw["status"], raw["bytes"],
                      epoch if raw["created_at"] is None else raw["created_at"],
                      raw["status_details"])
             for n, raw in enumerate(data["files"])]
    _unique(locator, "files", [f.id for f in files], "id")

    jobs = [_job(owner("jobs", n, raw), raw, epoch) for n, raw in enumerate(data["jobs"])]
    _unique(locator, "jobs", [j.id for j in jobs], "id")

    faults = []
    for n, raw in enumerate(data["faults"]):
        if raw["kind"] == "status" and raw["status"] is None:
            raise locator.error(["faults", n, "status"], "kind = \"status\" needs a status",
                                missing=True)
        faults.append(Fault(raw["operation"], raw["kind"], raw["status"], raw["retry_after"],
                            raw["times"], float(raw["seconds"])))

    chat = data["chat"] or {}
    return World(path, info["description"], clock, sub, info["tenant_id"], info["principal_id"],
                 info["lro_polls"], info["arm_page_size"], rg, accounts, roles, deployments,
                 files, jobs, faults, chat.get("answer") or DEFAULT_CHAT_ANSWER, digest,
                 data["machine"], list(info["created_job_progress"]), info["carry_out"])


def _account(raw: dict[str, Any], rg: ResourceGroup, clock: datetime, digest: str) -> Account:
    name = raw["name"]
    endpoint = raw["endpoint"] or f"https://{name.lower()}.openai.azure.com/"
    if not endpoint.endswith("/"):
        endpoint += "/"
    return Account(
        name=name, kind=raw["kind"], sku=raw["sku"], location=raw["location"] or rg.location,
        provisioning_state=raw["provisioning_state"], endpoint=endpoint,
        created=raw["created"] or clock,
        key1=raw["key1"] or digest_hex(digest, "key1", name.lower()),
        key2=raw["key2"] or digest_hex(digest, "key2", name.lower()),
        tags=dict(raw["tags"]), deleted=raw["deleted"],
        deleted_at=(raw["deleted_at"] or clock) if raw["deleted"] else None)


def _scope(raw: str, sub: str, rg_id: str, accounts: list[Account], locator: Locator,
           index: int) -> str:
    if raw == "subscription":
        return f"/subscriptions/{sub}"
    if raw == "resource_group":
        return rg_id
    if raw == "account":
        if not accounts:
            raise locator.error(["role_assignments", index, "scope"],
                                "scope \"account\" needs an [[accounts]] entry")
        return f"{rg_id}/providers/Microsoft.CognitiveServices/accounts/{accounts[0].name}"
    if raw.startswith("/"):
        return raw.rstrip("/") or "/"
    raise locator.error(["role_assignments", index, "scope"],
                        f"'{raw}' is not \"account\", \"resource_group\", \"subscription\" "
                        "or a full ARM scope starting with /")


def _job(account: str, raw: dict[str, Any], epoch: int) -> Job:
    job_id = raw["id"]
    hex_part = job_id.removeprefix("ftjob-")
    created = epoch if raw["created_at"] is None else raw["created_at"]
    events = [JobEvent(ev["id"] or f"ftevent-{digest_hex(job_id, 'event', n)}",
                       ev["created_at"], ev["level"], ev["message"], ev["type"], ev["data"])
              for n, ev in enumerate(raw["events"])]
    checkpoints = [Checkpoint(cp["id"] or f"ftchkpt-{digest_hex(job_id, 'ckpt', n)}",
                              cp["step_number"],
                              created if cp["created_at"] is None else cp["created_at"],
                              cp["metrics"] or {"step": float(cp["step_number"])})
                   for n, cp in enumerate(raw["checkpoints"])]
    hyper = raw["hyperparameters"] or {"n_epochs": -1, "batch_size": -1,
                                       "learning_rate_multiplier": 1}
    return Job(
        account=account, id=job_id, model=raw["model"], training_file=raw["training_file"],
        validation_file=raw["validation_file"], status=raw["status"],
        fine_tuned_model=raw["fine_tuned_model"] or f"{raw['model']}.ft-{hex_part}",
        created_at=created, finished_at=raw["finished_at"],
        estimated_finish=raw["estimated_finish"], trained_tokens=raw["trained_tokens"],
        hyperparameters=hyper, seed=raw["seed"], suffix=raw["suffix"],
        result_files=list(raw["result_files"]), error=raw["error"],
        progress=list(raw["progress"]), events=events, checkpoints=checkpoints)


def _unique(locator: Locator, section: str, values: list[str], key: str) -> None:
    seen: set[str] = set()
    for n, value in enumerate(values):
        if value in seen:
            raise locator.error([section, n, key], f"duplicate {key} '{value}' in [[{section}]]")
        seen.add(value)
