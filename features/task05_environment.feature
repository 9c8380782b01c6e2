@task5
Feature: Task 5 - Set environment variables
  In Command Prompt, in the Labfiles folder, run
  setx AZURE_OPENAI_API_KEY "REPLACE_WITH_YOUR_KEY_VALUE_HERE" (KEY 1 from task 3) and
  setx AZURE_OPENAI_ENDPOINT "REPLACE_WITH_YOUR_ENDPOINT_HERE", then close the Command Prompt.
  The key is compared with the resource's keys without ever being shown or recorded.

  Background:
    Given the assigned subscription and resource group
    And the environment variables of the terminal I use for the lab

  @check:t5-key-set
  Scenario: AZURE_OPENAI_API_KEY is set
    Then the API key variable is set

  @check:t5-key-matches
  Scenario: AZURE_OPENAI_API_KEY holds KEY 1 or KEY 2 of the resource
    Given the Azure OpenAI resource
    Then the API key variable holds one of the resource's keys

  @check:t5-endpoint-set
  Scenario: AZURE_OPENAI_ENDPOINT is set
    Then the endpoint variable is set

  @check:t5-endpoint-matches
  Scenario: AZURE_OPENAI_ENDPOINT is the resource's endpoint
    Given the Azure OpenAI resource
    Then the endpoint variable holds the resource's endpoint
