@task1
Feature: Task 1 - Create the Azure OpenAI resource
  In the Azure portal: + Create a resource, search "Azure OpenAI", Create. On the Basics tab:
  Subscription: the assigned one; Resource group: ResourceGroup1; Region: North Central US;
  Name: AzureOpenAI-FinetuneXX (XX a unique number); Pricing tier: Standard S0.
  Network and Tags: leave the defaults. Review + submit, Create, then Go to resource.

  Background:
    Given the assigned subscription and resource group

  @check:t1-exists
  Scenario: The Azure OpenAI resource exists in the assigned resource group
    When I look for the Azure OpenAI resource in the resource group
    Then I find the resource

  @check:t1-kind
  Scenario: The resource was created as Azure OpenAI
    When I open the Azure OpenAI resource
    Then its kind is the one the lab asks for

  @check:t1-sku
  Scenario: The Pricing tier is Standard S0
    When I open the Azure OpenAI resource
    Then its pricing tier is the one the lab asks for

  @check:t1-region
  Scenario: The Region is the one the lab asks for
    When I open the Azure OpenAI resource
    Then its region is the one the lab asks for

  @check:t1-name
  Scenario: The Name follows AzureOpenAI-FinetuneXX
    When I open the Azure OpenAI resource
    Then its name follows the lab's pattern

  @check:t1-provisioned
  Scenario: The deployment of the resource is complete
    When I open the Azure OpenAI resource
    Then its provisioning state is Succeeded

  @check:t1-endpoint
  Scenario: The resource has an endpoint
    When I open the Azure OpenAI resource
    Then it shows an endpoint
