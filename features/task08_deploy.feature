@task8
Feature: Task 8 - Deploy the fine-tuned model
  Get a token with az account get-access-token, then PUT the deployment on the resource through
  Azure Resource Manager: sku "standard" with capacity 1, model format "OpenAI", model name the
  job's fine_tuned_model, version "1". Deployment name: gpt-4o-mini-2024-07-18-ft.
  The deployment takes 15-20 minutes; while it is Creating it is in progress.

  Background:
    Given the assigned subscription and resource group
    And the Azure OpenAI resource

  @check:t8-deployment
  Scenario: The fine-tuned model is deployed
    Given the deployment of the fine-tuned model
    Then a deployment serves the job's fine-tuned model

  @check:t8-provisioned
  Scenario: The deployment has finished
    Given the deployment of the fine-tuned model
    Then the deployment's provisioning state is Succeeded

  @check:t8-format-sku
  Scenario: The deployment uses the OpenAI model format and an allowed SKU
    Given the deployment of the fine-tuned model
    Then the deployment's model format and SKU are the ones the lab allows

  @carry_out @check:c8-deploy
  Scenario: Carry out - deploy the fine-tuned model
    When I deploy the job's fine-tuned model
    Then the deployment's provisioning state is Succeeded
    And the deployment's model format and SKU are the ones the lab allows
