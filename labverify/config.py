"""The lab configuration: one TOML file holding every fact of the lab that is checked."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import LocatedError
from .tomlfile import locate, read_toml

DEFAULT_CONFIG = Path(__file__).parent / "labs" / "azure-openai-finetune.toml"

# section -> key -> expected python type. Every key is required; no other key is allowed,
# so a typo is reported instead of silently falling back to a default.
_SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "lab": {"id": str, "title": str},
    "azure": {"resource_group": str, "region": str, "region_label": str, "arm_endpoint": str,
              "subscription_env": str, "principal_env": str},
    "api_versions": {"cognitiveservices": str, "authorization": str, "openai": str},
    "account": {"kind": str, "sku": str, "name_pattern": str, "name_example": str,
                "endpoint_suffixes": list},
    "libraries": {"openai": str, "requests": str, "tiktoken": str, "numpy": str,
                  "install_command": str},
    "environment": {"api_key_var": str, "endpoint_var": str},
    "dataset": {"folder": str, "training_file": str, "validation_file": str,
                "min_examples": int, "max_file_bytes": int},
    "fine_tuning": {"base_model": str, "epochs": int},
    "deployment": {"name": str, "model_format": str, "sku_names": list},
    "costs": {"hourly_hosting_usd": (int, float), "free_skus": list, "inactivity_days": int},
    "chat": {"system_message": str, "example_user": str, "example_assistant": str,
             "question": str, "max_tokens": int},
    "grading": {"default_tasks": list, "broader_role_scope": str, "retries": int,
                "timeout_seconds": (int, float), "budget_seconds": (int, float)},
}
_ROLE_KEYS: dict[str, type] = {"id": str, "name": str, "guid": str, "scope": str}
_MODEL_KEYS: dict[str, type] = {"encoding": str, "max_tokens_per_example": int}
_TASK_KEYS: dict[str, type] = {"name": str, "points": (int, float)}  # type: ignore[dict-item]
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SCOPES = ("account", "subscription")
# [points] (a scenario's own points) and [policy] (partial credit or all-or-nothing per task)
# are optional; labverify.report.points checks them against the features' check ids.
_TOP_LEVEL = set(_SCHEMA) | {"roles", "models", "tasks", "points", "policy"}


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
    data, text = read_toml(path)
    _validate(path, data, text)
    # Digest of the parsed content, so line endings and comments do not change it.
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    digest = "sha256:" + hashlib.sha256(canonical).hexdigest()
    config = LabConfig(path=path, raw=data, digest=digest)
    from .report.points import validate_tables  # it needs LabConfig, hence here

    validate_tables(config)
    return config


def _fail(path: Path, text: str, dotted: str, message: str) -> LocatedError:
    return LocatedError(path, message, line=locate(text, dotted), field=dotted)


def _check_table(path: Path, text: str, prefix: str, table: Any,
                 schema: dict[str, Any]) -> None:
    if not isinstance(table, dict):
        raise _fail(path, text, prefix, "must be a table")
    for key in table:
        if key not in schema:
            known = ", ".join(sorted(schema))
            raise _fail(path, text, f"{prefix}.{key}", f"unknown key (known keys: {known})")
    for key, typ in schema.items():
        dotted = f"{prefix}.{key}"
        if key not in table:
            raise LocatedError(path, "missing key", line=locate(text, prefix), field=dotted)
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, typ):
            want = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
            raise _fail(path, text, dotted, f"must be {want}, not {type(value).__name__}")


def _validate(path: Path, data: dict[str, Any], text: str) -> None:
    for key in data:
        if key not in _TOP_LEVEL:
            raise _fail(path, text, key, "unknown section (known: "
                        + ", ".join(sorted(_TOP_LEVEL)) + ")")
    for section, schema in _SCHEMA.items():
        if section not in data:
            raise LocatedError(path, "missing section", field=section)
        _check_table(path, text, section, data[section], schema)
    try:
        re.compile(data["account"]["name_pattern"])
    except re.error as exc:
        raise _fail(path, text, "account.name_pattern", f"not a regular expression: {exc}") from None
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles:
        raise LocatedError(path, "missing [[roles]] entries", field="roles")
    for index, role in enumerate(roles):
        _check_table(path, text, "roles", role, _ROLE_KEYS)
        where = f"roles[{index}]"
        if not _GUID.match(role["guid"].lower()):
            raise _fail(path, text, "roles.guid", f"{where}.guid is not a GUID: {role['guid']!r}")
        if role["scope"] not in _SCOPES:
            raise _fail(path, text, "roles.scope",
                        f"{where}.scope must be one of {', '.join(_SCOPES)}, not {role['scope']!r}")
    models = data.get("models")
    if not isinstance(models, dict) or not models:
        raise LocatedError(path, "missing [models.<name>] tables", field="models")
    for name, model in models.items():
        _check_table(path, text, f'models."{name}"', model, _MODEL_KEYS)
    base = data["fine_tuning"]["base_model"]
    if base not in models:
        raise _fail(path, text, "fine_tuning.base_model",
                    f"{base!r} has no [models.\"{base}\"] table")
    tasks = data.get("tasks")
    if not isinstance(tasks, dict) or not tasks:
        raise LocatedError(path, "missing [tasks.N] tables", field="tasks")
    for number, task in tasks.items():
        if not number.isdigit():
            raise _fail(path, text, f"tasks.{number}", "task keys must be numbers")
        _check_table(path, text, f"tasks.{number}", task, _TASK_KEYS)
    for number in data["grading"]["default_tasks"]:
        if str(number) not in tasks:
            raise _fail(path, text, "grading.default_tasks", f"task {number} has no [tasks.{number}]")
    if data["grading"]["broader_role_scope"] not in ("fail", "pass"):
        raise _fail(path, text, "grading.broader_role_scope", "must be \"fail\" or \"pass\"")
    for key in ("timeout_seconds", "budget_seconds"):
        if not data["grading"][key] > 0:
            raise _fail(path, text, f"grading.{key}", "must be a number of seconds above 0")
    if data["grading"]["retries"] < 0:
        raise _fail(path, text, "grading.retries", "must be 0 or more")
