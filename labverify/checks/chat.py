"""Task 9: a chat completion against the deployed fine-tuned model."""

from __future__ import annotations

from typing import Any

from ..catalogue import hint
from ..config import LabConfig
from ..verdicts import CouldNotVerify, LabFail, LabInProgress
from .deployment import FAILED, IN_PROGRESS


def lab_messages(config: LabConfig) -> list[dict[str, str]]:
    """The Chat playground exchange of the handout: system message, one example, the question."""
    chat = config.chat
    return [{"role": "system", "content": chat.system_message},
            {"role": "user", "content": chat.example_user},
            {"role": "assistant", "content": chat.example_assistant},
            {"role": "user", "content": chat.question}]


def require_ready(deployment: Any) -> None:
    """Task 9 talks to task 8's deployment: one still being created is "waiting for task 8"."""
    state = (deployment.properties.provisioning_state or "").lower()
    if state in IN_PROGRESS:
        raise LabInProgress(f"waiting for task 8: the deployment {deployment.name} is still "
                            f"being created ({deployment.properties.provisioning_state})",
                            hint=hint("chat.waiting"), evidence={"deployment": deployment.name,
                                                                 "provisioning_state": state})
    if state in FAILED:
        # The prerequisite failed: the student's next step is task 8's, not a chat.
        raise LabFail(f"the deployment {deployment.name} did not deploy "
                      f"({deployment.properties.provisioning_state}; task 8)",
                      hint=hint("deployment.failed"), evidence={"deployment": deployment.name,
                                                                "provisioning_state": state})


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
