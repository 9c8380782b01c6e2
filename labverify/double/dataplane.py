"""Azure OpenAI data plane: files and fine-tuning jobs of one account."""

from __future__ import annotations

import email.policy
from email.parser import BytesParser
from typing import Any

from .errorbodies import dataplane_error
from .state import Handler, State
from .wire import Request, Response, json_response
from .world import DataFile, Job

_TERMINAL = ("succeeded", "failed", "cancelled")
_CANCELLABLE = ("pending", "running", "pausing", "paused", "resuming")
_UPLOAD_PURPOSES = ("fine-tune", "assistants", "batch", "fine-tune-results", "assistants_output")


def not_found(what: str, ident: str) -> Response:
    return dataplane_error(404, "notFound", f"{what} with id '{ident}' could not be found.")


def invalid(message: str) -> Response:
    return dataplane_error(400, "invalidPayload", message)


def cursor_page(request: Request, items: list[dict[str, Any]], default_limit: int,
                ) -> Response:
    """OpenAI-style cursor paging: ``after`` (an id) and ``limit``, answered with ``has_more``."""
    raw_limit = request.param("limit")
    if raw_limit is None:
        limit = default_limit
    elif raw_limit.isdigit() and 1 <= int(raw_limit) <= 10000:
        limit = int(raw_limit)
    else:
        return invalid(f"limit must be an integer from 1 to 10000, got '{raw_limit}'.")
    after = request.param("after")
    start = 0
    if after is not None:
        ids = [item.get("id") for item in items]
        # An unknown cursor ends the listing rather than restarting it.
        start = ids.index(after) + 1 if after in ids else len(items)
    chosen = items[start:start + limit]
    return json_response(200, {"has_more": start + limit < len(items), "data": chosen,
                               "object": "list"})


# -- files --------------------------------------------------------------------------------------

def file_body(data_file: DataFile) -> dict[str, Any]:
    body: dict[str, Any] = {"status": data_file.status, "bytes": data_file.bytes,
                            "purpose": data_file.purpose, "filename": data_file.filename,
                            "id": data_file.id, "created_at": data_file.created_at,
                            "object": "file"}
    if data_file.status_details:
        body["status_details"] = data_file.status_details
    return body


def _files(state: State, account: str) -> list[DataFile]:
    return [f for f in state.world.files if f.account.lower() == account.lower()]


def _file(state: State, account: str, file_id: str) -> DataFile | None:
    return next((f for f in _files(state, account) if f.id == file_id), None)


def files_list(state: State, request: Request, params: dict[str, str]) -> Response:
    """Files_List as Azure 2024-10-21 specifies it: a ``purpose`` filter and nothing else.

    No cursor, no ``limit`` and no ``has_more``: every file in one answer, whatever else the
    query says (the openai SDK still sends ``after`` when it thinks there may be more).
    """
    items = [file_body(f) for f in _files(state, params["account"])]
    purpose = request.param("purpose")
    if purpose:
        items = [item for item in items if item["purpose"] == purpose]
    return json_response(200, {"data": items, "object": "list"})


def files_retrieve(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _file(state, params["account"], params["file"])
    if found is None:
        return not_found("File", params["file"])
    if found.id in state.fresh_uploads:
        # An upload is pending in its create response and processed from its first retrieve.
        state.fresh_uploads.discard(found.id)
        found.status = "processed"
    return json_response(200, file_body(found))


def files_delete(state: State, request: Request, params: dict[str, str]) -> Response:
    found = _file(state, params["account"], params["file"])
    if found is None:
        return not_found("File", params["file"])
    state.world.files.remove(found)
    return json_response(200, {"object": "file", "deleted": True, "id": found.id})


def files_create(state: State, request: Request, params: dict[str, str]) -> Response:
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return invalid("The upload must be multipart/form-data with 'purpose' and 'file'.")
    message = BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + request.body)
    purpose, filename, content = None, None, None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if name == "purpose":
            purpose = payload.decode("utf-8", "replace").strip()
        elif name == "file":
            filename, content = part.get_filename() or "file", payload
    if purpose not in _UPLOAD_PURPOSES:
        return invalid(f"'purpose' must be one of: {', '.join(_UPLOAD_PURPOSES)}.")
    if content is None or filename is None:
        return invalid("The upload has no 'file' part.")
    file_id = "file-" + state.next_id("file", filename, len(content))
    created = DataFile(params["account"], file_id, filename, purpose, "pending", len(content),
                       state.world.epoch)
    state.world.files.append(created)
    state.fresh_uploads.add(file_id)
    location = f"{request.base_url}/openai/files/{file_id}"
    return json_response(201, file_body(created), [("Location", location)])


# -- fine-tuning jobs ---------------------------------------------------------------------------

def job_body(job: Job) -> dict[str, Any]:
    body: dict[str, Any] = {"hyperparameters": dict(job.hyperparameters), "status": job.status,
                            "model": job.model}
    if job.status == "succeeded":
        body["fine_tuned_model"] = job.fine_tuned_model
    body["training_file"] = job.training_file
    if job.validation_file:
        body["validation_file"] = job.validation_file
    if job.result_files:
        body["result_files"] = list(job.result_files)
    if job.finished_at is not None:
        body["finished_at"] = job.finished_at
    if job.trained_tokens is not None:
        body["trained_tokens"] = job.trained_tokens
    if job.estimated_finish is not None and job.status not in _TERMINAL:
        body["estimated_finish"] = job.estimated_finish
    if job.error and job.status == "failed":
        body["error"] = {key: value for key, value in job.error.items() if value is not None}
    if job.seed is not None:
        body["seed"] = job.seed
    if job.suffix:
        body["suffix"] = job.suffix
    body.update({"id": job.id, "created_at": job.created_at, "object": "fine_tuning.job"})
    return body


def _jobs(state: State, account: str) -> list[Job]:
    return [j for j in state.world.jobs if j.account.lower() == account.lower()]


def _job(state: State, account: str, job_id: str) -> Job | None:
    return next((j for j in _jobs(state, account) if j.id == job_id), None)


def _set_status(state: State, job: Job, status: str) -> None:
    job.status = status
    if status in _TERMINAL and job.finished_at is None:
        job.finished_at = max(job.created_at, state.world.epoch)


def jobs_list(state: State, request: Request, params: dict[str, str]) -> Response:
    jobs = sorted(_jobs(state, params["account"]), key=lambda j: -j.created_at)
    return cursor_page(request, [job_body(j) for j in jobs], 20)


def jobs_retrieve(state: State, request: Request, params: dict[str, str]) -> Response:
    job = _job(state, params["account"], params["job"])
    if job is None:
        return not_found("Fine tuning job", params["job"])
    state.job_retrieves[job.id] += 1
    count = state.job_retrieves[job.id]
    if count > 1 and job.progress:
        _set_status(state, job, job.progress[min(count - 2, len(job.progress) - 1)])
    return json_response(200, job_body(job))


def jobs_create(state: State, request: Request, params: dict[str, str]) -> Response:
    body = request.json()
    if not isinstance(body, dict):
        return invalid("The request body must be a JSON object.")
    model, training = body.get("model"), body.get("training_file")
    if not isinstance(model, str) or not model:
        return invalid("'model' is required.")
    if not isinstance(training, str) or _file(state, params["account"], training) is None:
        return invalid(f"The training file '{training}' does not exist.")
    validation = body.get("validation_file")
    if validation is not None and _file(state, params["account"], str(validation)) is None:
        return invalid(f"The validation file '{validation}' does not exist.")
    hyper: dict[str, Any] = {"n_epochs": -1, "batch_size": -1, "learning_rate_multiplier": 1}
    given = body.get("hyperparameters")
    if isinstance(given, dict):
        hyper.update({key: value for key, value in given.items() if key in hyper
                      and value != "auto"})
    job_hex = state.next_id("job", model, training)
    seed = body.get("seed")
    if not isinstance(seed, int):
        seed = int(job_hex[:7], 16) % 1000
    job = Job(account=params["account"], id=f"ftjob-{job_hex}", model=model,
              training_file=training, validation_file=validation, status="pending",
              fine_tuned_model=f"{model}.ft-{job_hex}", created_at=state.world.epoch,
              finished_at=None, estimated_finish=None, trained_tokens=None,
              hyperparameters=hyper, seed=seed,
              suffix=body.get("suffix") if isinstance(body.get("suffix"), str) else None,
              result_files=[], error=None, progress=list(state.world.created_job_progress),
              events=[], checkpoints=[])
    state.world.jobs.append(job)
    location = f"{request.base_url}/openai/fine_tuning/jobs/{job.id}"
    return json_response(201, job_body(job), [("Location", location)])


def jobs_cancel(state: State, request: Request, params: dict[str, str]) -> Response:
    job = _job(state, params["account"], params["job"])
    if job is None:
        return not_found("Fine tuning job", params["job"])
    if job.status not in _CANCELLABLE:
        return dataplane_error(409, "unexpectedEntityState",
                               f"The job cannot be cancelled because it is '{job.status}'.")
    job.progress = []
    _set_status(state, job, "cancelled")
    return json_response(200, job_body(job))


def jobs_events(state: State, request: Request, params: dict[str, str]) -> Response:
    job = _job(state, params["account"], params["job"])
    if job is None:
        return not_found("Fine tuning job", params["job"])
    ordered = sorted(enumerate(job.events), key=lambda pair: (-pair[1].created_at, -pair[0]))
    items = []
    for _, event in ordered:
        item: dict[str, Any] = {"id": event.id, "created_at": event.created_at,
                                "level": event.level, "message": event.message,
                                "type": event.type, "object": "fine_tuning.job.event"}
        if event.data is not None:
            item["data"] = event.data
        items.append(item)
    return cursor_page(request, items, 20)


def jobs_checkpoints(state: State, request: Request, params: dict[str, str]) -> Response:
    job = _job(state, params["account"], params["job"])
    if job is None:
        return not_found("Fine tuning job", params["job"])
    checkpoints = sorted(job.checkpoints, key=lambda c: -c.step_number)
    items: list[dict[str, Any]] = []
    if not checkpoints and job.status == "succeeded":
        epochs = job.hyperparameters.get("n_epochs", -1)
        step = 10 * (epochs if isinstance(epochs, int) and epochs > 0 else 3)
        items.append(_checkpoint(job, f"ftchkpt-{job.id.removeprefix('ftjob-')}", step,
                                 job.finished_at or job.created_at, {"step": float(step)},
                                 final=True))
    for index, checkpoint in enumerate(checkpoints):
        final = index == 0 and job.status == "succeeded"
        items.append(_checkpoint(job, checkpoint.id, checkpoint.step_number,
                                 checkpoint.created_at, checkpoint.metrics, final=final))
    return cursor_page(request, items, 10)


def _checkpoint(job: Job, ident: str, step: int, created: int, metrics: dict[str, Any], *,
                final: bool) -> dict[str, Any]:
    name = job.fine_tuned_model if final else f"{job.fine_tuned_model}:ckpt-step-{step}"
    return {"id": ident, "created_at": created, "fine_tuned_model_checkpoint": name,
            "step_number": step, "metrics": dict(metrics), "fine_tuning_job_id": job.id,
            "object": "fine_tuning.job.checkpoint"}


HANDLERS: dict[str, Handler] = {
    "files.list": files_list,
    "files.retrieve": files_retrieve,
    "files.create": files_create,
    "files.delete": files_delete,
    "jobs.list": jobs_list,
    "jobs.retrieve": jobs_retrieve,
    "jobs.create": jobs_create,
    "jobs.cancel": jobs_cancel,
    "jobs.list_events": jobs_events,
    "jobs.checkpoints": jobs_checkpoints,
}
