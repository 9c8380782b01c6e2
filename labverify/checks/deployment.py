"""Task 8: the deployment of the fine-tuned model."""

from __future__ import annotations

from typing import Any

from ..catalogue import hint, message, per_language, render
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
        raise LabInProgress(message("deployment.waiting", job=job.id, status=status),
                            hint=hint("deployment.waiting"), evidence={"job": job.id,
                                                                       "status": status})
    if job is not None and status not in JOB_ENDED:
        raise CouldNotVerify(message("finetune.job_unknown_status", status=status),
                             hint=hint("error.unknown_state"),
                             evidence={"job": job.id, "status": status})
    raise LabFail(message("deployment.no_model"), hint=hint("deployment.first"),
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
        raise LabFail(message("deployment.no_model"),
                      hint=hint("deployment.first"), evidence={"deployments": found})
    if found:
        raise LabFail(message("deployment.other_models", model=fine_tuned_model,
                              found=per_language(lambda lang: _listing(found, lang))),
                      hint=hint("deployment.deploy"), evidence={"expected_model": fine_tuned_model,
                                                               "deployments": found})
    raise LabFail(message("deployment.not_deployed", model=fine_tuned_model),
                  hint=hint("deployment.deploy"),
                  evidence={"expected_model": fine_tuned_model, "deployments": {}})


def _listing(found: dict[str, Any], lang: str) -> str:
    """The deployments found, each with its model, in ``lang`` (one entry of a per-language list)."""
    return ", ".join(render("messages", "deployment.found", {"name": name, "model": str(model)}, lang)
                     for name, model in sorted(found.items()))


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
        raise LabInProgress(message("deployment.creating", deployment=deployment.name,
                                    state=deployment.properties.provisioning_state),
                            hint=hint("deployment.creating"),
                            evidence=seen)
    if state not in FAILED | {"deleting"}:
        # repr(): quoted, or None when Azure sent no state.
        raise CouldNotVerify(message("deployment.unknown_state", deployment=deployment.name,
                                     state=repr(deployment.properties.provisioning_state)),
                             hint=hint("error.unknown_state"), evidence=seen)
    raise LabFail(message("deployment.not_succeeded", deployment=deployment.name,
                          state=deployment.properties.provisioning_state),
                  hint=hint("deployment.failed"), evidence=seen)


def check_format_and_sku(deployment: Any, config: LabConfig) -> dict[str, Any]:
    seen = evidence(deployment)
    want_format = config.deployment.model_format
    allowed = [s.lower() for s in config.deployment.sku_names]
    if (seen["format"] or "").lower() != want_format.lower():
        # repr(): quoted, or None when the deployment names none.
        raise LabFail(message("deployment.wrong_format", format=repr(seen["format"]),
                              want=want_format),
                      hint=hint("deployment.deploy"), evidence=seen)
    if (seen["sku"] or "").lower() not in allowed:
        raise LabFail(message("deployment.wrong_sku", sku=repr(seen["sku"]),
                              allowed=", ".join(config.deployment.sku_names)),
                      hint=hint("deployment.deploy"), evidence=seen)
    return seen
