"""Task 9: Use the deployed custom model."""

from __future__ import annotations

from typing import Any

from pytest_bdd import then, when

from labverify.azure.errors import Missing
from labverify.azure.reads import AzureReads
from labverify.checks import chat
from labverify.config import LabConfig
from labverify.verdicts import CouldNotVerify


@when("I ask the deployment the lab's question with the system message and example",
      target_fixture="chat_answer")
@when("我以系統訊息與範例向部署提出實驗的問題", target_fixture="chat_answer")
def ask(account: Any, ft_deployment: Any, azure_reads: AzureReads, lab_config: LabConfig) -> Any:
    chat.require_ready(ft_deployment)
    try:
        return azure_reads.chat(account, ft_deployment.name, chat.lab_messages(lab_config),
                                lab_config.chat.max_tokens)
    except Missing as missing:
        return ("not_found", missing.message)
    except CouldNotVerify as err:
        if err.evidence.get("code") == "content_filter":
            return ("content_filter", err.message)
        raise


@then("it answers with a non-empty message")
@then("它回覆一則非空白的訊息")
def answered(chat_answer: Any, ft_deployment: Any, scenario_evidence: dict) -> None:
    scenario_evidence.update(chat.check_answer(chat_answer, ft_deployment.name))
