"""Task 7: Upload the fine-tuning files and fine-tune."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then

from labverify import carry_out
from labverify.azure.reads import AzureReads
from labverify.catalogue import ui
from labverify.checks import finetune
from labverify.config import LabConfig
from labverify.progress import waiting
from labverify.run import LabRun
from labverify.verdicts import CouldNotVerify


@given("the files uploaded to the resource", target_fixture="uploaded_files")
@given("查看已上傳到該資源的檔案", target_fixture="uploaded_files")
def uploaded_files(account: Any, azure_reads: AzureReads) -> list[Any]:
    return azure_reads.files(account)


@then("the lab's training file is uploaded and processed")
@then("實驗的訓練檔案已上傳並處理完成")
def training_file(uploaded_files: list[Any], lab_config: LabConfig, scenario_evidence: dict) -> None:
    name = lab_config.dataset.training_file
    scenario_evidence.update(finetune.check_file(uploaded_files, name))


@then("the lab's validation file is uploaded and processed")
@then("實驗的驗證檔案已上傳並處理完成")
def validation_file(uploaded_files: list[Any], lab_config: LabConfig,
                    scenario_evidence: dict) -> None:
    name = lab_config.dataset.validation_file
    scenario_evidence.update(finetune.check_file(uploaded_files, name))


@given("the fine-tuning job of the lab", target_fixture="lab_job")
@given("查看實驗的微調作業", target_fixture="lab_job")
def lab_job(account: Any, uploaded_files: list[Any], azure_reads: AzureReads,
            lab_config: LabConfig, lab_run: LabRun) -> tuple[Any, str]:
    job, note = finetune.job_for_files(azure_reads.jobs(account), uploaded_files,
                                       lab_config.dataset)
    if job is not None and (job.status or "").lower() in finetune.JOB_IN_PROGRESS:
        wait = lab_run.wait_seconds(JOB_WAIT, "job")
        if wait:
            job = wait_for(job, account, azure_reads, lab_run, wait)
    return job, note


JOB_WAIT = "openai/fine-tuning-job-wait"


def wait_for(job: Any, account: Any, azure_reads: AzureReads, lab_run: LabRun,
             seconds: float) -> Any:
    """``grade --wait``: poll the job until it ends or the wait runs out, once per run."""
    client = azure_reads.dataplane_for(account)

    def poll_job() -> Any:
        with waiting(ui("wait.job", lab_run.lang, id=job.id), lab_run.lang,
                     lambda j: j.status) as update:
            return carry_out.wait_job(client, job.id, timeout=seconds,
                                      sleep=lab_run.sleep, on_update=update).last

    return azure_reads.read(JOB_WAIT, f"waiting for {job.id}", poll_job)


@then("it fine-tunes the lab's base model on the uploaded files")
@then("它以已上傳的檔案微調實驗的基礎模型")
def job_inputs(lab_job: tuple[Any, str], uploaded_files: list[Any], lab_config: LabConfig,
               scenario_evidence: dict) -> None:
    job, note = lab_job
    scenario_evidence.update(finetune.check_job_inputs(
        job, note, finetune.file_ids(uploaded_files, lab_config.dataset.training_file),
        finetune.file_ids(uploaded_files, lab_config.dataset.validation_file), lab_config))


@then("its status is succeeded")
@then("其狀態為 succeeded")
def job_succeeded(lab_job: tuple[Any, str], account: Any, azure_reads: AzureReads,
                  lab_config: LabConfig, scenario_evidence: dict) -> None:
    job, note = lab_job
    events = None
    if job is not None and (job.status or "").lower() != "succeeded":
        # Progress only matters while it is running; a finished job needs no extra read.
        try:
            events = azure_reads.job_events(account, job.id)
        except CouldNotVerify:
            events = None  # the status alone decides; events only add progress details
    scenario_evidence.update(finetune.check_job_succeeded(job, note, events, lab_config))


@then("its fine_tuned_model is named after the base model")
@then("其 fine_tuned_model 以基礎模型命名")
def fine_tuned_model(lab_job: tuple[Any, str], lab_config: LabConfig,
                     scenario_evidence: dict) -> None:
    job, note = lab_job
    scenario_evidence.update(finetune.check_fine_tuned_model(job, note, lab_config))
