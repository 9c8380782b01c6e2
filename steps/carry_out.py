"""When steps that carry the lab's Azure actions out (tasks 7-10), for ``--carry-out`` runs."""

from __future__ import annotations

from typing import Any

from pytest_bdd import when

from labverify import carry_out
from labverify.azure.reads import AzureReads
from labverify.catalogue import hint, message
from labverify.checks import deployment, finetune
from labverify.config import LabConfig
from labverify.dataset.check import resolve_path
from labverify.run import LabRun
from labverify.verdicts import LabFail, NotGraded

JOB_TIMEOUT = 3 * 3600.0  # fine-tuning gpt-4o-mini on the lab's data takes about an hour


def _require_carry_out(lab_run: LabRun) -> None:
    if not lab_run.carry_out:
        raise NotGraded(message("carry.needs_carry_out"))


@when("I upload the lab's training and validation files", target_fixture="uploaded_files")
@when("我上傳實驗的訓練與驗證檔案", target_fixture="uploaded_files")
def upload_files(lab_run: LabRun, account: Any, azure_reads: AzureReads,
                 lab_config: LabConfig) -> list[Any]:
    _require_carry_out(lab_run)
    folder = lab_run.machine.labfiles()
    if folder is None:
        raise LabFail(message("carry.no_labfiles"), hint=hint("carry.no_labfiles"))
    client = azure_reads.dataplane_for(account)
    for role, name in (("training", lab_config.dataset.training_file),
                       ("validation", lab_config.dataset.validation_file)):
        path = folder / resolve_path(name)
        if not path.is_file():
            raise LabFail(message("carry.no_dataset", path=path), hint=hint("carry.no_dataset"))
        uploaded = azure_reads.act(f"carry-out/upload-{role}", f"uploading {path.name}",
                                   lambda p=path: carry_out.upload(client, p))
        azure_reads.act(f"carry-out/wait-{role}", f"processing {path.name}",
                        lambda f=uploaded: carry_out.wait_processed(
                            client, f.id, timeout=600, sleep=lab_run.sleep))
    azure_reads.forget("openai/files")
    return azure_reads.files(account)


@when("I create a fine-tuning job on the uploaded files", target_fixture="lab_job")
@when("我以已上傳的檔案建立微調作業", target_fixture="lab_job")
def create_job(lab_run: LabRun, account: Any, uploaded_files: list[Any], azure_reads: AzureReads,
               lab_config: LabConfig) -> tuple[Any, str]:
    _require_carry_out(lab_run)
    training = finetune.lab_file(uploaded_files, lab_config.dataset.training_file)
    validation = finetune.lab_file(uploaded_files, lab_config.dataset.validation_file)
    if training is None:
        raise LabFail(message("carry.upload_first"), hint=hint("carry.upload_first"))
    client = azure_reads.dataplane_for(account)
    job = azure_reads.act("carry-out/create-job", "creating the fine-tuning job",
                          lambda: carry_out.create_job(client, lab_config.base_model, training.id,
                                                       validation.id if validation else None))
    azure_reads.forget("openai/fine-tuning-jobs")
    return job, ""


@when("I wait for the fine-tuning job to finish", target_fixture="lab_job")
@when("我等待微調作業完成", target_fixture="lab_job")
def wait_for_job(lab_run: LabRun, account: Any, lab_job: tuple[Any, str],
                 azure_reads: AzureReads) -> tuple[Any, str]:
    _require_carry_out(lab_run)
    job, note = lab_job
    client = azure_reads.dataplane_for(account)
    timeout = lab_run.options.wait_seconds or JOB_TIMEOUT
    result = azure_reads.act("carry-out/wait-job", f"waiting for {job.id}",
                             lambda: carry_out.wait_job(client, job.id, timeout=timeout,
                                                        sleep=lab_run.sleep))
    azure_reads.forget("openai/fine-tuning-jobs")
    return result.last, note


@when("I deploy the job's fine-tuned model", target_fixture="ft_deployment")
@when("我部署作業的微調模型", target_fixture="ft_deployment")
def deploy_model(lab_run: LabRun, account: Any, azure_reads: AzureReads,
                 lab_config: LabConfig) -> Any:
    _require_carry_out(lab_run)
    files = azure_reads.files(account)
    job, _ = finetune.job_for_files(azure_reads.jobs(account), files, lab_config.dataset)
    finetune.check_job_succeeded(job, "", None, lab_config)
    settings = lab_config.deployment
    azure_reads.act("carry-out/deploy", f"deploying {job.fine_tuned_model}",
                    lambda: carry_out.deploy(
                        azure_reads.cognitive, azure_reads.resource_group, account.name,
                        settings.name, job.fine_tuned_model, sku=settings.sku_names[0],
                        model_format=settings.model_format,
                        polling_interval=lab_run.poll_interval))
    azure_reads.forget("arm/deployments")
    return deployment.find_deployment(azure_reads.deployments(account.name), job.fine_tuned_model)


@when("I delete the Azure OpenAI resource")
@when("我刪除 Azure OpenAI 資源")
def delete_resource(lab_run: LabRun, azure_reads: AzureReads, lab_config: LabConfig) -> None:
    _require_carry_out(lab_run)
    from labverify.checks.resource import lab_account

    account = lab_account(azure_reads.accounts, lab_config)
    azure_reads.act("carry-out/delete-account", f"deleting {account.name}",
                    lambda: carry_out.delete_account(
                        azure_reads.cognitive, azure_reads.resource_group, account.name,
                        polling_interval=lab_run.poll_interval))
    azure_reads.forget("arm/accounts", "arm/deleted-accounts")
