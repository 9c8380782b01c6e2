@task6
Feature: Task 6 - Prepare the sample dataset
  Create training_set.jsonl and validation_set.jsonl in the Labfiles folder (C:\Labfiles):
  one chat example per line, a "messages" list of system, user and assistant messages. The
  notebook loads them, counts the examples, prints the first one and counts tokens with tiktoken.
  Fine-tuning rejects a file with a broken line only after the upload, so they are checked here.

  Background:
    Given the dataset files in the lab folder

  @check:t6-files
  Scenario: training_set.jsonl and validation_set.jsonl are in the Labfiles folder
    Then both dataset files are there

  @check:t6-format
  Scenario: Every line is a chat example fine-tuning accepts
    Then every line of both files is a valid chat example

  @check:t6-examples
  Scenario: Each file has enough examples
    Then each file has at least the minimum number of examples

  @check:t6-limits
  Scenario: Every example fits the base model's token limit
    Then every example fits the token limit and each file the size limit
