"""Task 9: a chat completion against the deployed fine-tuned model."""

from __future__ import annotations

from typing import Any

from ..catalogue import hint, message
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
        raise LabInProgress(message("chat.waiting", deployment=deployment.name,
                                    state=deployment.properties.provisioning_state),
                            hint=hint("chat.waiting"), evidence={"deployment": deployment.name,
                                                                 "provisioning_state": state})
    if state in FAILED:
        # The prerequisite failed: the student's next step is task 8's, not a chat.
        raise LabFail(message("chat.not_deployed", deployment=deployment.name,
                              state=deployment.properties.provisioning_state),
                      hint=hint("deployment.failed"), evidence={"deployment": deployment.name,
                                                                "provisioning_state": state})


def check_answer(answer: Any, deployment_name: str) -> dict[str, Any]:
    """``answer`` is the completion, or ("not_found"|"content_filter", message)."""
    if isinstance(answer, tuple):
        kind, said = answer
        if kind == "not_found":
            raise LabFail(message("chat.not_found", deployment=deployment_name, detail=str(said)),
                          hint=hint("chat.not_found"),
                          evidence={"deployment": deployment_name, "status": 404})
        # What Azure answered is labverify's own sentence (azure.http): shown in each language.
        raise CouldNotVerify(message("chat.filtered", detail=said),
                             hint=hint("chat.filtered"),
                             evidence={"deployment": deployment_name, "code": "content_filter"})
    choices = getattr(answer, "choices", None) or []
    text = (choices[0].message.content or "").strip() if choices else ""
    evidence = {"deployment": deployment_name, "model": getattr(answer, "model", None),
                "answer_chars": len(text),
                "finish_reason": choices[0].finish_reason if choices else None}
    if not text:
        raise LabFail(message("chat.empty", deployment=deployment_name),
                      hint=hint("chat.empty"),
                      evidence=evidence)
    evidence["answer_start"] = text[:120]
    return evidence
