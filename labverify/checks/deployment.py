"""Task 8: the deployment of the fine-tuned model."""

from __future__ import annotations

from typing import Any

from ..catalogue import hint
from ..config import LabConfig
from ..verdicts import CouldNotVerify, LabFail, LabInProgress
from .finetune import JOB_ENDED, JOB_IN_PROGRESS

IN_PROGRESS = {"creating", "accepted", "moving"}
FAILED = {"failed", "canceled", "disabled"}


def _model(deployment: Any) -> Any:
    return getattr(deployment.properties, "model", None)


def require_model(job: Any) -> None:
    """Task 8 needs task 7's model: a job still training is "waiting", not the student's miss."""
    model = getattr(job, "fine_tuned_model", None) if job is not None else None
    if model:
        return
    status = (getattr(job, "status", None) or "").lower()
    if job is not None and status in JOB_IN_PROGRESS:
        raise LabInProgress(f"waiting for task 7: the fine-tuning job {job.id} is {status}",
                            hint=hint("deployment.waiting"), evidence={"job": job.id,
                                                                       "status": status})
    if job is not None and status not in JOB_ENDED:
        raise CouldNotVerify(f"the fine-tuning job has status {status!r}, which labverify "
                             "does not know", hint=hint("error.unknown_state"),
                             evidence={"job": job.id, "status": status})
    raise LabFail("there is no fine-tuned model to deploy yet (task 7)",
                  hint=hint("deployment.first"),
                  evidence={"job": getattr(job, "id", None), "status": status or None})


def find_deployment(deployments: list[Any], fine_tuned_model: str | None) -> Any:
    """The deployment of the job's model; LabFail naming what was found otherwise."""
    if fine_tuned_model:
        for deployment in deployments:
            model = _model(deployment)
            if model is not None and model.name == fine_tuned_model:
                return deployment
    found = {d.name: getattr(_model(d), "name", None) for d in deployments}
    if not fine_tuned_model:
        raise LabFail("there is no fine-tuned model to deploy yet (task 7)",
                      hint=hint("deployment.first"), evidence={"deployments": found})
    if found:
        listing = ", ".join(f"{name} (model {model})" for name, model in sorted(found.items()))
        raise LabFail(f"no deployment of {fine_tuned_model}; found {listing}",
                      hint=hint("deployment.deploy"), evidence={"expected_model": fine_tuned_model,
                                                  "deployments": found})
    raise LabFail(f"the fine-tuned model {fine_tuned_model} is not deployed", hint=hint("deployment.deploy"),
                  evidence={"expected_model": fine_tuned_model, "deployments": {}})


def evidence(deployment: Any) -> dict[str, Any]:
    model = _model(deployment)
    return {"deployment": deployment.name, "model": getattr(model, "name", None),
            "format": getattr(model, "format", None),
            "sku": getattr(deployment.sku, "name", None) if deployment.sku else None,
            "provisioning_state": deployment.properties.provisioning_state,
            "created": str(getattr(getattr(deployment, "system_data", None), "created_at", "") or "")}


def check_provisioned(deployment: Any) -> dict[str, Any]:
    state = (deployment.properties.provisioning_state or "").lower()
    seen = evidence(deployment)
    if state == "succeeded":
        return seen
    if state in IN_PROGRESS:
        raise LabInProgress(f"the deployment {deployment.name} is still being created "
                            f"({deployment.properties.provisioning_state})",
                            hint=hint("deployment.creating"),
                            evidence=seen)
    if state not in FAILED | {"deleting"}:
        raise CouldNotVerify(f"the deployment {deployment.name} reports provisioning state "
                             f"{deployment.properties.provisioning_state!r}, which labverify "
                             "does not know", hint=hint("error.unknown_state"), evidence=seen)
    raise LabFail(f"the deployment {deployment.name} is {deployment.properties.provisioning_state}, "
                  "not Succeeded", hint=hint("deployment.failed"),
                  evidence=seen)


def check_format_and_sku(deployment: Any, config: LabConfig) -> dict[str, Any]:
    seen = evidence(deployment)
    want_format = config.deployment.model_format
    allowed = [s.lower() for s in config.deployment.sku_names]
    if (seen["format"] or "").lower() != want_format.lower():
        raise LabFail(f"the deployment's model format is {seen['format']!r}, not {want_format!r}",
                      hint=hint("deployment.deploy"), evidence=seen)
    if (seen["sku"] or "").lower() not in allowed:
        raise LabFail(f"the deployment's SKU is {seen['sku']!r}; the lab allows "
                      f"{', '.join(config.deployment.sku_names)}",
                      hint=hint("deployment.deploy"), evidence=seen)
    return seen
