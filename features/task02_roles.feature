@task2
Feature: Task 2 - Add role assignments to the Azure OpenAI resource
  On the AzureOpenAI-FinetuneXX resource: Access control (IAM) > + Add > Add role assignment,
  pick the role, Next, Members: + Select members (yourself), Review + assign. Three roles go
  on the resource; Cognitive Services Usages Reader goes on the subscription.
  Roles are matched by their built-in role id, so a portal in any language gives the same result.

  Background:
    Given the assigned subscription and resource group
    And the Azure OpenAI resource
    And the role assignments that apply to me at the resource

  @check:t2-openai-contributor
  Scenario: I hold Cognitive Services OpenAI Contributor on the resource
    Then I hold the role "openai-contributor" at the scope the lab asks for

  @check:t2-openai-user
  Scenario: I hold Cognitive Services OpenAI User on the resource
    Then I hold the role "openai-user" at the scope the lab asks for

  @check:t2-contributor
  Scenario: I hold Cognitive Services Contributor on the resource
    Then I hold the role "contributor" at the scope the lab asks for

  @check:t2-usages-reader
  Scenario: I hold Cognitive Services Usages Reader on the subscription
    Then I hold the role "usages-reader" at the scope the lab asks for
