"""Task 7: the uploaded files and the fine-tuning job."""

from __future__ import annotations

import re
from typing import Any

from ..catalogue import hint
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
        raise LabFail(f"{filename} has not been uploaded for fine-tuning",
                      hint=hint("finetune.upload"),
                      evidence={"file": filename, "uploaded_files": seen})
    status = (_get(upload, "status") or "").lower()
    evidence = {"file": filename, "id": _get(upload, "id"), "status": status}
    if status == "processed":
        return evidence
    if status in FILE_IN_PROGRESS:
        raise LabInProgress(f"{filename} is still being processed ({status})",
                            hint=hint("finetune.processing"), evidence=evidence)
    if status not in ("error", "deleted", "deleting"):
        raise CouldNotVerify(f"{filename} has status {status!r}, which labverify does not know",
                             hint=hint("error.unknown_state"), evidence=evidence)
    details = _get(upload, "status_details") or ""
    raise LabFail(f"{filename} was rejected: status {status}" + (f": {details}" if details else ""),
                  hint=hint("finetune.rejected"), evidence=evidence)


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
        raise LabFail("no fine-tuning job was created",
                      hint=hint("finetune.no_job", base=base_model),
                      evidence={"jobs_seen": 0})


def check_job_inputs(job: Any, note: str, training_ids: set[str], validation_ids: set[str],
                     config: LabConfig) -> dict[str, Any]:
    base = config.base_model
    require_job(job, base)
    evidence = job_evidence(job, note)
    if _get(job, "model") != base:
        raise LabFail(f"the fine-tuning job {_get(job, 'id')} uses model {_get(job, 'model')!r}, "
                      f"not {base!r}", hint=hint("finetune.model", base=base), evidence=evidence)
    if _get(job, "training_file") not in training_ids:
        raise LabFail(f"the fine-tuning job {_get(job, 'id')} was not trained on the lab's "
                      f"{config.dataset.training_file}",
                      hint=hint("finetune.training_file"), evidence=evidence)
    if validation_ids and _get(job, "validation_file") not in validation_ids:
        raise LabFail(f"the fine-tuning job {_get(job, 'id')} does not validate on the lab's "
                      f"{config.dataset.validation_file}",
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
        step = evidence.get("step")
        where = f", step {step}" + (f"/{evidence['steps']}" if "steps" in evidence else "") if step else ""
        raise LabInProgress(f"the fine-tuning job is {status}{where}: "
                            f"{evidence.get('latest_event') or 'no events yet'}",
                            hint=hint("finetune.running"), evidence=evidence)
    if status == "failed":
        error = _get(job, "error") or {}
        message = _get(error, "message") or "no error message"
        raise LabFail(f"the fine-tuning job failed: {message}",
                      hint=hint("finetune.failed"), evidence={**evidence, "error": message})
    if status == "cancelled":
        raise LabFail("the fine-tuning job was cancelled",
                      hint=hint("finetune.new_job"), evidence=evidence)
    raise CouldNotVerify(f"the fine-tuning job has status {status!r}, which labverify does "
                         "not know", hint=hint("error.unknown_state"), evidence=evidence)


def check_fine_tuned_model(job: Any, note: str, config: LabConfig) -> dict[str, Any]:
    require_job(job, config.base_model)
    name = _get(job, "fine_tuned_model") or ""
    evidence = {**job_evidence(job, note), "fine_tuned_model": name}
    status = (_get(job, "status") or "").lower()
    if not name and status not in JOB_IN_PROGRESS | JOB_ENDED:
        raise CouldNotVerify(f"the fine-tuning job has status {status!r}, which labverify does "
                             "not know", hint=hint("error.unknown_state"), evidence=evidence)
    if not name and status in JOB_IN_PROGRESS:
        raise LabInProgress("the fine-tuned model appears when the job succeeds",
                            hint=hint("finetune.wait"), evidence=evidence)
    if not name:
        raise LabFail(f"the fine-tuning job ended {status or 'unfinished'} without a fine-tuned model",
                      hint=hint("finetune.new_job"), evidence=evidence)
    pattern = re.escape(config.base_model) + r"\.ft-[0-9a-f]{32}(?:[-_.][A-Za-z0-9_-]+)?"
    if not re.fullmatch(pattern, name):
        raise LabFail(f"the job's fine-tuned model {name!r} is not of the form "
                      f"{config.base_model}.ft-<32 hex>",
                      hint=hint("finetune.use_succeeded"),
                      evidence=evidence)
    return evidence
