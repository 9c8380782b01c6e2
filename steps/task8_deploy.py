"""Task 8: Deploy the fine-tuned model."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then

from labverify.azure.reads import AzureReads
from labverify.checks import deployment, finetune
from labverify.config import LabConfig


@given("the deployment of the fine-tuned model", target_fixture="ft_deployment")
def ft_deployment(account: Any, azure_reads: AzureReads, lab_config: LabConfig) -> Any:
    dataset = lab_config.section("dataset")
    files = azure_reads.files(account)
    job, _ = finetune.lab_job(
        azure_reads.jobs(account),
        {f.id for f in files if f.filename == dataset["training_file"]},
        {f.id for f in files if f.filename == dataset["validation_file"]})
    model = job.fine_tuned_model if job is not None else None
    return deployment.find_deployment(azure_reads.deployments(account.name), model)


@then("a deployment serves the job's fine-tuned model")
def deployed(ft_deployment: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.evidence(ft_deployment))


@then("the deployment's provisioning state is Succeeded")
def provisioned(ft_deployment: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.check_provisioned(ft_deployment))


@then("the deployment's model format and SKU are the ones the lab allows")
def format_and_sku(ft_deployment: Any, lab_config: LabConfig, scenario_evidence: dict) -> None:
    scenario_evidence.update(deployment.check_format_and_sku(ft_deployment, lab_config))
