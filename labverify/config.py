"""The lab configuration: one TOML file holding every fact of the lab that is checked."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .schema import Key, Validator, opt, req
from .tomlfile import Locator, Source, read_source

DEFAULT_CONFIG = Path(__file__).parent / "labs" / "azure-openai-finetune.toml"

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
    # happens where the features are known (labverify.report.points.validate_tables).
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
    scope: str


@dataclass(frozen=True)
class TaskInfo:
    number: int
    name: str
    points: float


@dataclass(frozen=True)
class LabConfig:
    """A validated lab configuration. ``raw`` is the parsed TOML, sections as dicts."""

    path: Path
    raw: dict[str, Any]
    digest: str
    text: str = ""  # the file's text, to locate later errors (points against the features)

    def section(self, name: str) -> dict[str, Any]:
        return self.raw[name]

    @property
    def resource_group(self) -> str:
        return self.raw["azure"]["resource_group"]

    @property
    def region(self) -> str:
        return self.raw["azure"]["region"]

    @property
    def account(self) -> dict[str, Any]:
        return self.raw["account"]

    @cached_property
    def name_pattern(self) -> re.Pattern[str]:
        return re.compile(self.raw["account"]["name_pattern"])

    @property
    def roles(self) -> list[Role]:
        return [Role(**r) for r in self.raw["roles"]]

    @property
    def api_versions(self) -> dict[str, str]:
        return self.raw["api_versions"]

    @property
    def grading(self) -> dict[str, Any]:
        return self.raw["grading"]

    @property
    def tasks(self) -> dict[int, TaskInfo]:
        return {int(k): TaskInfo(int(k), v["name"], float(v["points"]))
                for k, v in self.raw["tasks"].items()}

    @property
    def base_model(self) -> str:
        return self.raw["fine_tuning"]["base_model"]

    def model(self, name: str) -> dict[str, Any]:
        return self.raw["models"][name]


def load_config(path: Path | str | None = None) -> LabConfig:
    """Read and validate a lab config; the default one ships with labverify."""
    path = Path(path) if path is not None else DEFAULT_CONFIG
    source = read_source(path)
    data = _validate(source)
    # Digest of the parsed content, so line endings and comments do not change it.
    canonical = json.dumps(source.data, sort_keys=True, ensure_ascii=False).encode()
    digest = "sha256:" + hashlib.sha256(canonical).hexdigest()
    return LabConfig(path=path, raw=data, digest=digest, text=source.text)


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
