"""Task 8: Deploy the fine-tuned model."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then

from labverify.azure.reads import AzureReads
from labverify.catalogue import ui
from labverify.checks import deployment, finetune
from labverify.config import LabConfig
from labverify.polling import Backoff, poll
from labverify.progress import waiting
from labverify.run import LabRun


@given("the deployment of the fine-tuned model", target_fixture="ft_deployment")
@given("查看微調模型的部署", target_fixture="ft_deployment")
def ft_deployment(account: Any, azure_reads: AzureReads, lab_config: LabConfig,
                  lab_run: LabRun) -> Any:
    files = azure_reads.files(account)
    job, _ = finetune.job_for_files(azure_reads.jobs(account), files, lab_config.dataset)
    deployment.require_model(job)
    found = deployment.find_deployment(azure_reads.deployments(account.name),
                                       job.fine_tuned_model)
    state = (found.properties.provisioning_state or "").lower()
    if state in deployment.IN_PROGRESS:
        wait = lab_run.wait_seconds(DEPLOYMENT_WAIT, "deployment")
        if wait:
            found = wait_for(found, account, azure_reads, lab_run, wait)
    return found


DEPLOYMENT_WAIT = "arm/deployment-wait"


def wait_for(found: Any, account: Any, azure_reads: AzureReads, lab_run: LabRun,
             seconds: float) -> Any:
    """``grade --wait``: poll the deployment until it is created or the wait runs out."""
    def poll_deployment() -> Any:
        with waiting(ui("wait.deployment", lab_run.lang, name=found.name), lab_run.lang,
                     lambda d: d.properties.provisioning_state) as update:
            return poll(lambda: azure_reads.cognitive.deployments.get(
                            azure_reads.resource_group, account.name, found.name),
                        lambda d: (d.properties.provisioning_state or "").lower()
                        not in deployment.IN_PROGRESS,
                        timeout=seconds, sleep=lab_run.sleep,
                        backoff=Backoff(first=30, factor=1.5, cap=120), on_update=update).last

    return azure_reads.read(DEPLOYMENT_WAIT, f"waiting for {found.name}", poll_deployment)


@then("a deployment serves the job's fine-tuned model")
@then("有一個部署提供作業的微調模型")
def deployed(ft_deployment: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.evidence(ft_deployment))


@then("the deployment's provisioning state is Succeeded")
@then("部署的佈建狀態為 Succeeded")
def provisioned(ft_deployment: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.check_provisioned(ft_deployment))


@then("the deployment's model format and SKU are the ones the lab allows")
@then("部署的模型格式與 SKU 是實驗允許的")
def format_and_sku(ft_deployment: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.check_format_and_sku(ft_deployment, lab_config))
