"""Task 7: the uploaded files and the fine-tuning job."""

from __future__ import annotations

import re
from typing import Any

from ..catalogue import hint, message
from ..config import Dataset, LabConfig
from ..verdicts import CouldNotVerify, LabFail, LabInProgress

JOB_IN_PROGRESS = {"created", "pending", "running", "queued", "validating_files", "pausing",
                   "paused", "resuming"}
FILE_IN_PROGRESS = {"pending", "running", "uploaded"}
JOB_ENDED = {"succeeded", "failed", "cancelled"}
STEP = re.compile(r"Step (\d+)(?:/(\d+))?", re.IGNORECASE)


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def lab_file(files: list[Any], filename: str) -> Any | None:
    """The newest upload of ``filename`` for fine-tuning."""
    named = [f for f in files if _get(f, "filename") == filename
             and _get(f, "purpose") in (None, "fine-tune")]
    return max(named, key=lambda f: _get(f, "created_at") or 0, default=None)


def check_file(files: list[Any], filename: str) -> dict[str, Any]:
    upload = lab_file(files, filename)
    if upload is None:
        seen = sorted({_get(f, "filename") for f in files if _get(f, "filename")})
        raise LabFail(message("finetune.not_uploaded", file=filename),
                      hint=hint("finetune.upload"),
                      evidence={"file": filename, "uploaded_files": seen})
    status = (_get(upload, "status") or "").lower()
    evidence = {"file": filename, "id": _get(upload, "id"), "status": status}
    if status == "processed":
        return evidence
    if status in FILE_IN_PROGRESS:
        raise LabInProgress(message("finetune.processing", file=filename, status=status),
                            hint=hint("finetune.processing"), evidence=evidence)
    if status not in ("error", "deleted", "deleting"):
        raise CouldNotVerify(message("finetune.file_unknown_status", file=filename, status=status),
                             hint=hint("error.unknown_state"), evidence=evidence)
    details = str(_get(upload, "status_details") or "")
    said = (message("finetune.rejected_why", file=filename, status=status, details=details)
            if details else message("finetune.rejected", file=filename, status=status))
    raise LabFail(said, hint=hint("finetune.rejected"), evidence=evidence)


def file_ids(files: list[Any], filename: str) -> set[str]:
    return {_get(f, "id") for f in files if _get(f, "filename") == filename}


def job_for_files(jobs: list[Any], files: list[Any], dataset: Dataset) -> tuple[Any, str]:
    """The lab's job, found through the uploads of the dataset files the config names."""
    return lab_job(jobs, file_ids(files, dataset.training_file),
                   file_ids(files, dataset.validation_file))


def lab_job(jobs: list[Any], training_ids: set[str], validation_ids: set[str]) -> tuple[Any, str]:
    """The newest job that used the lab's files, and a note on how it was chosen."""
    used = [j for j in jobs if _get(j, "training_file") in training_ids
            or _get(j, "validation_file") in validation_ids]
    if used:
        job = max(used, key=lambda j: _get(j, "created_at") or 0)
        note = f"{len(used)} jobs used the lab's files; the newest is graded" if len(used) > 1 else ""
        return job, note
    if jobs:
        job = max(jobs, key=lambda j: _get(j, "created_at") or 0)
        return job, "no job used the lab's uploaded files; the newest job is graded"
    return None, ""


def job_evidence(job: Any, note: str) -> dict[str, Any]:
    evidence = {"job": _get(job, "id"), "status": _get(job, "status"),
                "model": _get(job, "model"), "training_file": _get(job, "training_file"),
                "validation_file": _get(job, "validation_file")}
    if note:
        evidence["note"] = note
    return evidence


def require_job(job: Any, base_model: str) -> None:
    if job is None:
        raise LabFail(message("finetune.no_job"),
                      hint=hint("finetune.no_job", base=base_model),
                      evidence={"jobs_seen": 0})


def check_job_inputs(job: Any, note: str, training_ids: set[str], validation_ids: set[str],
                     config: LabConfig) -> dict[str, Any]:
    base = config.base_model
    require_job(job, base)
    evidence = job_evidence(job, note)
    if _get(job, "model") != base:
        # The model is shown as repr() (quoted, or None when the job names none).
        raise LabFail(message("finetune.wrong_model", job=_get(job, "id"),
                              model=repr(_get(job, "model")), base=base),
                      hint=hint("finetune.model", base=base), evidence=evidence)
    if _get(job, "training_file") not in training_ids:
        raise LabFail(message("finetune.not_trained_on", job=_get(job, "id"),
                              file=config.dataset.training_file),
                      hint=hint("finetune.training_file"), evidence=evidence)
    if validation_ids and _get(job, "validation_file") not in validation_ids:
        raise LabFail(message("finetune.not_validated_on", job=_get(job, "id"),
                              file=config.dataset.validation_file),
                      hint=hint("finetune.validation_file"), evidence=evidence)
    return evidence


def progress(events: list[Any] | None) -> dict[str, Any]:
    """Latest message, step and time of the job's events (newest first, as Azure lists them)."""
    if not events:
        return {}
    latest = events[0]
    info: dict[str, Any] = {"latest_event": _get(latest, "message"),
                            "latest_event_at": _get(latest, "created_at")}
    for event in events:
        found = STEP.search(_get(event, "message") or "")
        if found:
            info["step"] = int(found.group(1))
            if found.group(2):
                info["steps"] = int(found.group(2))
            break
    first = events[-1]
    if _get(first, "created_at") and _get(latest, "created_at"):
        info["elapsed_seconds"] = int(_get(latest, "created_at")) - int(_get(first, "created_at"))
    return info


def check_job_succeeded(job: Any, note: str, events: list[Any] | None,
                        config: LabConfig) -> dict[str, Any]:
    require_job(job, config.base_model)
    status = (_get(job, "status") or "").lower()
    evidence = {**job_evidence(job, note), **progress(events)}
    if status == "succeeded":
        return evidence
    if status in JOB_IN_PROGRESS:
        raise LabInProgress(_running(status, evidence), hint=hint("finetune.running"),
                            evidence=evidence)
    if status == "failed":
        error = _get(job, "error") or {}
        reason = _get(error, "message")
        said = (message("finetune.failed", error=str(reason)) if reason
                else message("finetune.failed_silently"))
        raise LabFail(said, hint=hint("finetune.failed"),
                      evidence={**evidence, "error": reason or "no error message"})
    if status == "cancelled":
        raise LabFail(message("finetune.cancelled"),
                      hint=hint("finetune.new_job"), evidence=evidence)
    raise CouldNotVerify(message("finetune.job_unknown_status", status=status),
                         hint=hint("error.unknown_state"), evidence=evidence)


def _running(status: str, evidence: dict[str, Any]) -> str:
    """Where a job under way is: its status, its step when an event names one, its latest event."""
    latest = evidence.get("latest_event")
    # The latest event is Azure's own text; "no events yet" is ours, so it is translated.
    event = str(latest) if latest else message("finetune.no_events")
    step = evidence.get("step")
    if not step:
        return message("finetune.running", status=status, event=event)
    steps = f"{step}/{evidence['steps']}" if "steps" in evidence else str(step)
    return message("finetune.running_step", status=status, step=steps, event=event)


def check_fine_tuned_model(job: Any, note: str, config: LabConfig) -> dict[str, Any]:
    require_job(job, config.base_model)
    name = _get(job, "fine_tuned_model") or ""
    evidence = {**job_evidence(job, note), "fine_tuned_model": name}
    status = (_get(job, "status") or "").lower()
    if not name and status not in JOB_IN_PROGRESS | JOB_ENDED:
        raise CouldNotVerify(message("finetune.job_unknown_status", status=status),
                             hint=hint("error.unknown_state"), evidence=evidence)
    if not name and status in JOB_IN_PROGRESS:
        raise LabInProgress(message("finetune.model_pending"),
                            hint=hint("finetune.wait"), evidence=evidence)
    if not name:
        # Past the two checks above, status is one of JOB_ENDED: never empty.
        raise LabFail(message("finetune.ended_without_model", status=status),
                      hint=hint("finetune.new_job"), evidence=evidence)
    pattern = re.escape(config.base_model) + r"\.ft-[0-9a-f]{32}(?:[-_.][A-Za-z0-9_-]+)?"
    if not re.fullmatch(pattern, name):
        raise LabFail(message("finetune.model_name", name=name, base=config.base_model),
                      hint=hint("finetune.use_succeeded"),
                      evidence=evidence)
    return evidence
