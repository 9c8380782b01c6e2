"""The world-file schema: every key, its type, whether it is required, and its default.

Unknown keys are errors so that a typo never silently falls back to a default.
"""

from __future__ import annotations

from typing import Any

from ..schema import Key, Validator, opt, req
from .routes import OPERATION_IDS

__all__ = ["WORLD_SCHEMA", "Validator"]

ACCOUNT_STATES = ("Accepted", "Creating", "Deleting", "Moving", "Failed", "Succeeded",
                  "ResolvingDNS", "Canceled")
DEPLOYMENT_STATES = ("Accepted", "Creating", "Deleting", "Moving", "Failed", "Succeeded",
                     "Disabled", "Canceled")
# Azure's own states; "uploaded"/"deleting" and "created" are documented as never returned.
FILE_STATES = ("pending", "running", "processed", "error", "deleted")
JOB_STATES = ("pending", "running", "succeeded", "failed", "cancelled", "pausing", "paused",
              "resuming")
FILE_PURPOSES = ("fine-tune", "fine-tune-results", "assistants", "assistants_output", "batch",
                 "batch_output")
PRINCIPAL_TYPES = ("User", "Group", "ServicePrincipal", "ForeignGroup", "Device")
CHAT_MODES = ("answer", "not_found", "content_filter")
FAULT_KINDS = ("status", "reset", "slow", "malformed")
EVENT_LEVELS = ("info", "warning", "error")
EVENT_TYPES = ("message", "metrics")


_opt, _req = opt, req


def _strings(default: list[str], **item: Any) -> Key:
    return opt("list", default, item=Key("str", **item))


_EVENT = {
    "created_at": _req("int", minimum=0),
    "level": _opt("str", "info", choices=EVENT_LEVELS),
    "message": _req("str"),
    "type": _opt("str", "message", choices=EVENT_TYPES),
    "data": _opt("map"),
    "id": _opt("str", pattern=r"^ftevent-[0-9A-Za-z]+$"),
}
_CHECKPOINT = {
    "step_number": _req("int", minimum=1),
    "created_at": _opt("int", minimum=0),
    "metrics": _opt("map"),
    "id": _opt("str", pattern=r"^ftchkpt-[0-9A-Za-z]+$"),
}
_HYPER = {
    "n_epochs": _opt("int", -1),
    "batch_size": _opt("int", -1),
    "learning_rate_multiplier": _opt("number", 1),
}
_JOB_ERROR = {"code": _req("str"), "message": _req("str"), "param": _opt("str")}

WORLD_SCHEMA: dict[str, Key] = {
    "world": _req("table", spec={
        "description": _opt("str", ""),
        "clock": _req("time"),
        "subscription_id": _req("guid"),
        "tenant_id": _req("guid"),
        "principal_id": _req("guid"),
        "lro_polls": _opt("int", 1, minimum=1),
        "arm_page_size": _opt("int", 100, minimum=1),
        # Record this world by carrying tasks 7-10 out rather than by grading it.
        "carry_out": _opt("bool", False),
        # Statuses a job created through the API shows on successive retrieves.
        "created_job_progress": _strings(["running", "succeeded"], choices=JOB_STATES),
        # Seconds added to every answer: a round trip to Azure, for measuring what waits on it.
        "latency_seconds": _opt("number", 0, minimum=0, maximum=60),
    }),
    "resource_group": _req("table", spec={
        "name": _req("str", pattern=r"^[-\w._()]{1,90}$"),
        "location": _req("str"),
        "exists": _opt("bool", True),
    }),
    "accounts": _opt("tables", [], spec={
        "name": _req("str", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}$"),
        "kind": _opt("str", "OpenAI"),
        "sku": _opt("str", "S0"),
        "location": _opt("str"),
        "provisioning_state": _opt("str", "Succeeded", choices=ACCOUNT_STATES),
        "endpoint": _opt("str", pattern=r"^https://[a-z0-9.-]+/?$"),
        "created": _opt("time"),
        "key1": _opt("str"),
        "key2": _opt("str"),
        "tags": _opt("map", {}),
        "deleted": _opt("bool", False),
        "deleted_at": _opt("time"),
    }),
    "role_assignments": _opt("tables", [], spec={
        "role_guid": _req("guid"),
        "scope": _req("str"),
        "principal_id": _opt("guid"),
        "principal_type": _opt("str", "User", choices=PRINCIPAL_TYPES),
        "name": _opt("guid"),
        "created": _opt("time"),
    }),
    "deployments": _opt("tables", [], spec={
        "account": _opt("str"),
        "name": _req("str", pattern=r"^[\w.-]{2,64}$"),
        "model": _req("str"),
        "model_format": _opt("str", "OpenAI"),
        "model_version": _opt("str", "1"),
        "sku_name": _opt("str", "standard"),
        "capacity": _opt("int", 1, minimum=1),
        "provisioning_state": _opt("str", "Succeeded", choices=DEPLOYMENT_STATES),
        "created": _opt("time"),
        "chat": _opt("str", "answer", choices=CHAT_MODES),
        # Provisioning states shown on successive GETs of this deployment (a deployment
        # still Creating that finishes while someone waits).
        "progress": _strings([]),
    }),
    "files": _opt("tables", [], spec={
        "account": _opt("str"),
        "id": _req("str", pattern=r"^file-[0-9A-Za-z]+$"),
        "filename": _req("str"),
        "purpose": _opt("str", "fine-tune", choices=FILE_PURPOSES),
        "status": _opt("str", "processed", choices=FILE_STATES),
        "bytes": _opt("int", 0, minimum=0),
        "created_at": _opt("int", minimum=0),
        "status_details": _opt("str"),
    }),
    "jobs": _opt("tables", [], spec={
        "account": _opt("str"),
        "id": _req("str", pattern=r"^ftjob-[0-9A-Za-z]+$"),
        "model": _req("str"),
        "training_file": _req("str"),
        "validation_file": _opt("str"),
        "status": _req("str", choices=JOB_STATES),
        "fine_tuned_model": _opt("str"),
        "created_at": _opt("int", minimum=0),
        "finished_at": _opt("int", minimum=0),
        "estimated_finish": _opt("int", minimum=0),
        "trained_tokens": _opt("int", minimum=0),
        "hyperparameters": _opt("table", spec=_HYPER),
        "seed": _opt("int"),
        "suffix": _opt("str", pattern=r"^[a-zA-Z0-9_-]{1,40}$"),
        "result_files": _strings([]),
        "error": _opt("table", spec=_JOB_ERROR),
        "progress": _strings([], choices=JOB_STATES),
        "events": _opt("tables", [], spec=_EVENT),
        "checkpoints": _opt("tables", [], spec=_CHECKPOINT),
    }),
    "faults": _opt("tables", [], spec={
        "operation": _req("str", choices=("*", *OPERATION_IDS)),
        "kind": _req("str", choices=FAULT_KINDS),
        "status": _opt("int", minimum=400),
        "retry_after": _opt("int", minimum=0),
        "times": _opt("int", minimum=1),
        "seconds": _opt("number", 1.0, minimum=0),
    }),
    "chat": _opt("table", spec={"answer": _opt("str")}),
    # Azure Resource Manager's read limit for this subscription (and the grader): a token
    # bucket of ``burst`` reads refilled at ``reads_per_second``, answered as ARM does.
    "throttle": _opt("table", spec={"reads_per_second": _req("number", above=0, maximum=10000),
                                    "burst": _req("int", minimum=1, maximum=100000)}),
    # Tasks 4-6 happen on the student's computer, not in Azure; the double does not serve
    # this table, labverify records it as what a live run would have seen there.
    "machine": _opt("table", spec={
        "python": _opt("str", "3.11.9"),
        "python_error": _opt("str", ""),
        "libraries": _opt("map", {}),
        "api_key": _opt("str", "key1", choices=("key1", "key2", "neither", "unset", "quoted",
                                                 "new-terminal")),
        "endpoint": _opt("str", "account"),
        "labfiles": _opt("str"),
    }),
}
