@task3
Feature: Task 3 - Retrieve the key and endpoint of the Azure OpenAI service
  On the resource, Resource Management > Keys and Endpoint: Show Keys, copy KEY 1 (or KEY 2)
  and the Endpoint into Notepad, with the subscription id, resource group and resource name.
  There are two keys so that one can be regenerated while the other is in use.

  Background:
    Given the assigned subscription and resource group
    And the Azure OpenAI resource

  @check:t3-keys
  Scenario: Show Keys reveals KEY 1 and KEY 2
    When I open Keys and Endpoint and select Show Keys
    Then KEY 1 and KEY 2 are both shown

  @check:t3-endpoint
  Scenario: The Endpoint is the resource's Azure OpenAI endpoint
    When I open Keys and Endpoint
    Then the Endpoint is an Azure OpenAI endpoint of the resource
