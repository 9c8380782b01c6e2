@task9
Feature: Task 9 - Use the deployed custom model
  In the Chat playground, choose the fine-tuned deployment, set the system message "The system
  is an AI teacher that helps people learn about AI", add the example exchange about the types of
  artificial intelligence, and ask "What is artificial intelligence?".
  This check sends that one chat request: it costs a few tokens and counts as use of the
  deployment, which resets its 15-day inactivity clock.

  Background:
    Given the assigned subscription and resource group
    And the Azure OpenAI resource

  @check:t9-chat
  Scenario: The deployed model answers the lab's question
    Given the deployment of the fine-tuned model
    When I ask the deployment the lab's question with the system message and example
    Then it answers with a non-empty message

  @carry_out @check:c9-chat
  Scenario: Carry out - ask the deployed model the lab's question
    Given the deployment of the fine-tuned model
    When I ask the deployment the lab's question with the system message and example
    Then it answers with a non-empty message
