"""Task 9: a chat completion against the deployed fine-tuned model."""

from __future__ import annotations

from typing import Any

from ..config import LabConfig
from ..hints import hint
from ..verdicts import CouldNotVerify, LabFail


def lab_messages(config: LabConfig) -> list[dict[str, str]]:
    """The Chat playground exchange of the handout: system message, one example, the question."""
    chat = config.section("chat")
    return [{"role": "system", "content": chat["system_message"]},
            {"role": "user", "content": chat["example_user"]},
            {"role": "assistant", "content": chat["example_assistant"]},
            {"role": "user", "content": chat["question"]}]


def check_answer(answer: Any, deployment_name: str) -> dict[str, Any]:
    """``answer`` is the completion, or ("not_found"|"content_filter", message)."""
    if isinstance(answer, tuple):
        kind, message = answer
        if kind == "not_found":
            raise LabFail(f"the deployment {deployment_name} does not answer (404: {message})",
                          hint=hint("chat.not_found"),
                          evidence={"deployment": deployment_name, "status": 404})
        raise CouldNotVerify(f"Azure's content filter stopped the lab's question: {message}",
                             hint=hint("chat.filtered"),
                             evidence={"deployment": deployment_name, "code": "content_filter"})
    choices = getattr(answer, "choices", None) or []
    text = (choices[0].message.content or "").strip() if choices else ""
    evidence = {"deployment": deployment_name, "model": getattr(answer, "model", None),
                "answer_chars": len(text),
                "finish_reason": choices[0].finish_reason if choices else None}
    if not text:
        raise LabFail(f"the deployment {deployment_name} answered with an empty message",
                      hint=hint("chat.empty"),
                      evidence=evidence)
    evidence["answer_start"] = text[:120]
    return evidence
