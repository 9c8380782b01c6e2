@task4
Feature: Task 4 - Install Python libraries
  In Command Prompt (Run as administrator) run:
  pip install "openai==0.28.1" requests tiktoken numpy
  The libraries are checked in the Python you use for the lab, which need not be labverify's.

  Background:
    Given the Python interpreter I use for the lab

  @check:t4-openai
  Scenario: The openai library of the version the handout uses is installed
    Then the library "openai" is installed in the version the lab asks for

  @check:t4-requests
  Scenario: The requests library is installed
    Then the library "requests" is installed in the version the lab asks for

  @check:t4-tiktoken
  Scenario: The tiktoken library is installed
    Then the library "tiktoken" is installed in the version the lab asks for

  @check:t4-numpy
  Scenario: The numpy library is installed
    Then the library "numpy" is installed in the version the lab asks for
