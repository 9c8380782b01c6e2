"""The lab configuration: one TOML file holding every fact of the lab that is checked."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .paths import DEFAULT_CONFIG
from .schema import Key, Validator, opt, req
from .tomlfile import Locator, Source, read_source

# The encodings labverify ships rank files for (labverify.tokenizers.SUPPORTED): any other would
# need a download, which grading offline cannot make.
ENCODINGS = ("o200k_base", "cl100k_base")
POLICIES = ("partial", "all")
DEFAULT_POLICY = "partial"
_ENV_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
_API_VERSION = r"^\d{4}-\d{2}-\d{2}(-preview)?$"


def _text(**extra: Any) -> Key:
    return req("str", blank=False, **extra)


def _count(**extra: Any) -> Key:
    return req("int", minimum=1, **extra)


def _names(item: Key | None = None, **extra: Any) -> Key:
    return req("list", item=item or Key("str", blank=False), **extra)


def _env(**extra: Any) -> Key:
    return _text(pattern=_ENV_NAME, describe="not an environment variable name")


# Every key is required and no other key is allowed, so a typo is reported instead of
# silently falling back to a default; [points] and [policy] are the optional refinements.
_SCHEMA: dict[str, Key] = {
    "lab": req("table", spec={"id": _text(pattern=r"^[a-z0-9][a-z0-9._-]*$",
                                          describe="use lower-case letters, digits, . _ -"),
                              "title": _text()}),
    "azure": req("table", spec={
        "resource_group": _text(pattern=r"^[-\w._()]{1,90}$",
                                describe="not an Azure resource group name"),
        "region": _text(pattern=r"^[a-z0-9]+$", describe="a region name such as northcentralus"),
        "region_label": _text(), "arm_endpoint": req("url"),
        "subscription_env": _env(), "principal_env": _env()}),
    "api_versions": req("table", spec={
        name: _text(pattern=_API_VERSION, describe="an api-version such as 2024-10-21")
        for name in ("cognitiveservices", "authorization", "openai")}),
    "account": req("table", spec={
        "kind": _text(), "sku": _text(), "name_pattern": req("regex", blank=False),
        "name_example": _text(),
        "endpoint_suffixes": _names(Key("str", pattern=r"^\.[a-z0-9.-]+$",
                                         describe="a host suffix such as .openai.azure.com"),
                                     min_items=1)}),
    "libraries": req("table", spec={
        **{name: req("specifier") for name in ("openai", "requests", "tiktoken", "numpy")},
        "install_command": _text()}),
    "environment": req("table", spec={"api_key_var": _env(), "endpoint_var": _env()}),
    "dataset": req("table", spec={
        "folder": _text(),
        "training_file": _text(pattern=r"^[^\\/]+$", describe="a file name, not a path"),
        "validation_file": _text(pattern=r"^[^\\/]+$", describe="a file name, not a path"),
        "min_examples": _count(), "max_file_bytes": _count()}),
    "fine_tuning": req("table", spec={"base_model": _text(), "epochs": _count()}),
    "deployment": req("table", spec={"name": _text(), "model_format": _text(),
                                     "sku_names": _names(min_items=1)}),
    "costs": req("table", spec={"hourly_hosting_usd": req("number", minimum=0),
                                "free_skus": _names(), "inactivity_days": _count()}),
    "chat": req("table", spec={"system_message": _text(), "example_user": _text(),
                               "example_assistant": _text(), "question": _text(),
                               "max_tokens": _count()}),
    "grading": req("table", spec={
        "default_tasks": req("list", min_items=1, item=Key("int", minimum=1)),
        "broader_role_scope": req("str", choices=("fail", "pass")),
        "retries": req("int", minimum=0, maximum=20),
        "timeout_seconds": req("number", above=0),
        "budget_seconds": req("number", above=0)}),
    "roles": req("tables", min_items=1, spec={
        "id": _text(), "name": _text(), "guid": req("guid"),
        "scope": req("str", choices=("account", "subscription"))}),
    "models": req("map", min_items=1, item=req("table", spec={
        "encoding": req("str", choices=ENCODINGS), "max_tokens_per_example": _count()})),
    "tasks": req("map", min_items=1, keys=r"[1-9][0-9]*", describe="task keys are numbers",
                 item=req("table", spec={"name": _text(), "points": req("number", minimum=0)})),
    # A scenario's own points, by check id; the cross-check against the features' check ids
    # happens where the features are known (labverify.features.validate_tables).
    "points": opt("map", {}, item=Key("number", minimum=0)),
    # "partial" or "all" per task number, or as the default.
    "policy": opt("map", {}, keys=r"default|[1-9][0-9]*", describe='"default" or a task number',
                  item=Key("str", choices=POLICIES)),
}


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    guid: str
    scope: str  # "account" or "subscription"


@dataclass(frozen=True)
class TaskInfo:
    number: int
    name: str
    points: float


@dataclass(frozen=True)
class Azure:
    resource_group: str
    region: str
    region_label: str
    arm_endpoint: str
    subscription_env: str
    principal_env: str


@dataclass(frozen=True)
class ApiVersions:
    cognitiveservices: str
    authorization: str
    openai: str


@dataclass(frozen=True)
class Account:
    kind: str
    sku: str
    name_pattern: re.Pattern[str]
    name_example: str
    endpoint_suffixes: tuple[str, ...]


@dataclass(frozen=True)
class Libraries:
    rules: dict[str, str]  # library -> version specifier ("" for any)
    install_command: str


@dataclass(frozen=True)
class Environment:
    api_key_var: str
    endpoint_var: str


@dataclass(frozen=True)
class Dataset:
    folder: str
    training_file: str
    validation_file: str
    min_examples: int
    max_file_bytes: int


@dataclass(frozen=True)
class Model:
    encoding: str
    max_tokens_per_example: int


@dataclass(frozen=True)
class FineTuning:
    base_model: str
    epochs: int


@dataclass(frozen=True)
class Deployment:
    name: str
    model_format: str
    sku_names: tuple[str, ...]


@dataclass(frozen=True)
class Costs:
    hourly_hosting_usd: float
    free_skus: tuple[str, ...]
    inactivity_days: int


@dataclass(frozen=True)
class Chat:
    system_message: str
    example_user: str
    example_assistant: str
    question: str
    max_tokens: int


@dataclass(frozen=True)
class Grading:
    default_tasks: tuple[int, ...]
    broader_role_scope: str
    retries: int
    timeout_seconds: float
    budget_seconds: float


@dataclass(frozen=True)
class LabConfig:
    """A validated lab configuration, every fact typed."""

    path: Path
    digest: str
    text: str  # the file's text, to locate later errors (points against the features)
    lab_id: str
    title: str
    azure: Azure
    api_versions: ApiVersions
    account: Account
    roles: tuple[Role, ...]
    libraries: Libraries
    environment: Environment
    dataset: Dataset
    fine_tuning: FineTuning
    models: dict[str, Model]
    deployment: Deployment
    costs: Costs
    chat: Chat
    grading: Grading
    tasks: dict[int, TaskInfo]
    points: dict[str, float] = field(default_factory=dict)  # a scenario's own points
    policy: dict[str, str] = field(default_factory=dict)  # "default" or a task -> policy

    @property
    def resource_group(self) -> str:
        return self.azure.resource_group

    @property
    def region(self) -> str:
        return self.azure.region

    @property
    def base_model(self) -> str:
        return self.fine_tuning.base_model

    def model(self, name: str) -> Model:
        return self.models[name]

    def task_policy(self, task: int) -> str:
        return self.policy.get(str(task), self.policy.get("default", DEFAULT_POLICY))


def _typed(path: Path, digest: str, text: str, data: dict[str, Any]) -> LabConfig:
    def make(kind: type, table: dict[str, Any]) -> Any:
        return kind(**{k: tuple(v) if isinstance(v, list) else v for k, v in table.items()})

    account = dict(data["account"])
    account["name_pattern"] = re.compile(account["name_pattern"])
    libraries = dict(data["libraries"])
    install = libraries.pop("install_command")
    grading = dict(data["grading"])
    for key in ("timeout_seconds", "budget_seconds"):
        grading[key] = float(grading[key])
    costs = dict(data["costs"])
    costs["hourly_hosting_usd"] = float(costs["hourly_hosting_usd"])
    return LabConfig(
        path=path, digest=digest, text=text, lab_id=data["lab"]["id"],
        title=data["lab"]["title"], azure=make(Azure, data["azure"]),
        api_versions=make(ApiVersions, data["api_versions"]), account=make(Account, account),
        roles=tuple(Role(**r) for r in data["roles"]),
        libraries=Libraries(dict(libraries), install),
        environment=make(Environment, data["environment"]),
        dataset=make(Dataset, data["dataset"]), fine_tuning=make(FineTuning, data["fine_tuning"]),
        models={name: make(Model, m) for name, m in data["models"].items()},
        deployment=make(Deployment, data["deployment"]), costs=make(Costs, costs),
        chat=make(Chat, data["chat"]), grading=make(Grading, grading),
        tasks={int(k): TaskInfo(int(k), v["name"], float(v["points"]))
               for k, v in sorted(data["tasks"].items(), key=lambda kv: int(kv[0]))},
        points={k: float(v) for k, v in data["points"].items()}, policy=dict(data["policy"]))


_LOADED: dict[tuple[str, int, int], LabConfig] = {}


def load_config(path: Path | str | None = None) -> LabConfig:
    """Read and validate a lab config; the default one ships with labverify.

    A process that grades many students reads an unchanged file once: the file's path, time
    and size key what was read (a changed file is read again).
    """
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        seen = path.stat()
        key = (str(path.resolve()), seen.st_mtime_ns, seen.st_size)
    except OSError:
        key = None  # read_source says what is wrong with it
    if key is not None and key in _LOADED:
        return _LOADED[key]
    config = _load(path)
    if key is not None:
        _LOADED[key] = config
    return config


def _load(path: Path) -> LabConfig:
    source = read_source(path)
    data = _validate(source)
    # Digest of the parsed content, so line endings and comments do not change it.
    canonical = json.dumps(source.data, sort_keys=True, ensure_ascii=False).encode()
    digest = "sha256:" + hashlib.sha256(canonical).hexdigest()
    return _typed(path, digest, source.text, data)


def _validate(source: Source) -> dict[str, Any]:
    locator = Locator([source])
    data = Validator(locator).table(source.data, _SCHEMA, [])
    base = data["fine_tuning"]["base_model"]
    if base not in data["models"]:
        raise locator.error(["fine_tuning", "base_model"],
                            f'{base!r} has no [models."{base}"] table')
    tasks = {int(k) for k in data["tasks"]}
    default_tasks = data["grading"]["default_tasks"]
    for index, number in enumerate(default_tasks):
        if number not in tasks:
            raise locator.error(["grading", "default_tasks", index],
                                f"task {number} has no [tasks.{number}] table")
        if default_tasks.index(number) != index:
            raise locator.error(["grading", "default_tasks", index], f"task {number} is listed twice")
    for key in data["policy"]:
        if key != "default" and int(key) not in tasks:
            raise locator.error(["policy", key], f"there is no [tasks.{key}] table")
    for field_name in ("id", "guid"):
        seen: set[str] = set()
        for index, role in enumerate(data["roles"]):
            if role[field_name] in seen:
                raise locator.error(["roles", index, field_name],
                                    f"{role[field_name]!r} is already another role's {field_name}")
            seen.add(role[field_name])
    return data
