@task10
Feature: Task 10 - Delete the resources
  In the resource group, select the resources created for the lab and Delete them; do not
  delete the resource group. A deleted Azure OpenAI resource is soft-deleted and keeps its
  name for 48 hours unless purged. This task undoes tasks 1-9 and is graded only when asked for.

  Background:
    Given the assigned subscription and resource group

  @check:t10-resource-deleted
  Scenario: The Azure OpenAI resource is deleted
    Then the lab's resource is no longer in the resource group

  @check:t10-group-kept
  Scenario: The resource group is kept
    Then the resource group still exists

  @carry_out @check:c10-delete
  Scenario: Carry out - delete the Azure OpenAI resource and keep the resource group
    When I delete the Azure OpenAI resource
    Then the lab's resource is no longer in the resource group
    And the resource group still exists
