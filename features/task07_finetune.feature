@task7
Feature: Task 7 - Upload the fine-tuning files and fine-tune
  From the notebook, upload training_set.jsonl and validation_set.jsonl (purpose "fine-tune"),
  create a fine-tuning job with model "gpt-4o-mini-2024-07-18" and the two file ids, then poll
  its status until it is succeeded (this can take more than an hour) and note fine_tuned_model.
  A job that is still pending or running is in progress, not failed.

  Background:
    Given the assigned subscription and resource group
    And the Azure OpenAI resource
    And the files uploaded to the resource

  @check:t7-training-file
  Scenario: training_set.jsonl is uploaded and processed
    Then the lab's training file is uploaded and processed

  @check:t7-validation-file
  Scenario: validation_set.jsonl is uploaded and processed
    Then the lab's validation file is uploaded and processed

  @check:t7-job-inputs
  Scenario: The fine-tuning job fine-tunes the lab's base model on the lab's files
    Given the fine-tuning job of the lab
    Then it fine-tunes the lab's base model on the uploaded files

  @check:t7-job-succeeded
  Scenario: The fine-tuning job succeeded
    Given the fine-tuning job of the lab
    Then its status is succeeded

  @check:t7-fine-tuned-model
  Scenario: The job produced a fine-tuned model
    Given the fine-tuning job of the lab
    Then its fine_tuned_model is named after the base model

  @carry_out @check:c7-upload
  Scenario: Carry out - upload training_set.jsonl and validation_set.jsonl
    When I upload the lab's training and validation files
    Then the lab's training file is uploaded and processed
    And the lab's validation file is uploaded and processed

  @carry_out @check:c7-finetune
  Scenario: Carry out - fine-tune the base model on the uploaded files
    When I create a fine-tuning job on the uploaded files
    And I wait for the fine-tuning job to finish
    Then its status is succeeded
    And its fine_tuned_model is named after the base model
