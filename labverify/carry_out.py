"""The lab's Azure actions, carried out for lab authors who must prove the lab still works.

Each function does one action of tasks 7-10 with the real SDK clients; the steps decide when.
Nothing here runs while grading: the steps refuse unless the run was started with
``--carry-out``, and the transport guard of a read-only target would refuse anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from azure.mgmt.cognitiveservices.models import (
    Deployment,
    DeploymentModel,
    DeploymentProperties,
    Sku,
)

from .checks.finetune import FILE_IN_PROGRESS, JOB_IN_PROGRESS
from .polling import Backoff, PollResult, poll


def upload(client: Any, path: Path) -> Any:
    """Upload one dataset file for fine-tuning (multipart, purpose "fine-tune")."""
    with path.open("rb") as handle:
        return client.files.create(file=(path.name, handle.read()), purpose="fine-tune")


def wait_processed(client: Any, file_id: str, *, timeout: float, sleep: Any) -> PollResult:
    return poll(lambda: client.files.retrieve(file_id),
                lambda f: (f.status or "") not in FILE_IN_PROGRESS,
                timeout=timeout, sleep=sleep, backoff=Backoff(first=2, factor=1.5, cap=15))


def create_job(client: Any, base_model: str, training_id: str, validation_id: str | None) -> Any:
    extra = {"validation_file": validation_id} if validation_id else {}
    return client.fine_tuning.jobs.create(model=base_model, training_file=training_id, **extra)


def wait_job(client: Any, job_id: str, *, timeout: float, sleep: Any,
             on_update: Any = None) -> PollResult:
    return poll(lambda: client.fine_tuning.jobs.retrieve(job_id),
                lambda j: (j.status or "").lower() not in JOB_IN_PROGRESS,
                timeout=timeout, sleep=sleep, on_update=on_update)


def deploy(cognitive: Any, resource_group: str, account: str, name: str, model: str, *,
           sku: str, model_format: str, polling_interval: float) -> Any:
    """The handout's ARM PUT of the fine-tuned model; waits for the long-running operation."""
    body = Deployment(sku=Sku(name=sku, capacity=1),
                      properties=DeploymentProperties(model=DeploymentModel(
                          format=model_format, name=model, version="1")))
    poller = cognitive.deployments.begin_create_or_update(
        resource_group, account, name, body, polling_interval=polling_interval)
    return poller.result()


def delete_account(cognitive: Any, resource_group: str, account: str, *,
                   polling_interval: float) -> None:
    """Delete the resource (it becomes soft-deleted); the resource group is kept."""
    cognitive.accounts.begin_delete(resource_group, account,
                                    polling_interval=polling_interval).result()
