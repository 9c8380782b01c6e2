"""labverify: acceptance tests that grade the Azure OpenAI fine-tuning lab."""

__version__ = "0.1.0"
