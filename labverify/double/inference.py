"""Azure OpenAI data plane: chat completions on a deployment, and the models list."""

from __future__ import annotations

from typing import Any

from .errorbodies import dataplane_error
from .state import Handler, State
from .wire import Request, Response, digest_hex, json_response

_SAFE = {"filtered": False, "severity": "safe"}
_BASE_MODELS = {"gpt-4o-mini-2024-07-18": 1721260800}  # the lab's base model and its release
_YEAR = 365 * 24 * 3600


def _filter_results() -> dict[str, Any]:
    return {"hate": dict(_SAFE), "self_harm": dict(_SAFE), "sexual": dict(_SAFE),
            "violence": dict(_SAFE)}


def _content_filtered() -> Response:
    # The body Azure sends when a prompt trips the content filter (400, code content_filter).
    results = _filter_results()
    results["jailbreak"] = {"filtered": False, "detected": False}
    results["violence"] = {"filtered": True, "severity": "medium"}
    return json_response(400, {"error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's "
                   "content management policy. Please modify your prompt and retry. To learn "
                   "more about our content filtering policies please read our documentation: "
                   "https://go.microsoft.com/fwlink/?linkid=2198766",
        "type": None, "param": "prompt", "code": "content_filter", "status": 400,
        "innererror": {"code": "ResponsibleAIPolicyViolation",
                       "content_filter_result": results}}})


def _deployment_not_found() -> Response:
    return dataplane_error(404, "DeploymentNotFound",
                           "The API deployment for this resource does not exist. If you created "
                           "the deployment within the last 5 minutes, please wait a moment and "
                           "try again.")


def _tokens(text: str) -> int:
    # A stand-in for a tokenizer: stable, and close enough for usage figures.
    return max(1, round(len(text.split()) * 1.3))


def chat_create(state: State, request: Request, params: dict[str, str]) -> Response:
    body = request.json()
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list) or not messages:
        return dataplane_error(400, "invalidPayload", "'messages' must be a non-empty array.")
    deployment = state.deployment(params["account"], params["deployment"])
    if (deployment is None or deployment.provisioning_state != "Succeeded"
            or deployment.chat == "not_found"):
        return _deployment_not_found()
    if deployment.chat == "content_filter":
        return _content_filtered()
    answer, finish = state.world.chat_answer, "stop"
    limit = body.get("max_tokens") or body.get("max_completion_tokens")
    words = answer.split()
    if isinstance(limit, int) and limit > 0 and _tokens(answer) > limit:
        answer, finish = " ".join(words[:max(1, int(limit / 1.3))]), "length"
    prompt = sum(_tokens(str(m.get("content", ""))) + 4 for m in messages if isinstance(m, dict))
    completion = _tokens(answer)
    ident = state.next_id("chat", deployment.name.lower(), request.body.decode("utf-8", "replace"))
    return json_response(200, {
        "id": f"chatcmpl-{ident[:29]}",
        "object": "chat.completion",
        "created": state.world.epoch,
        "model": deployment.model,
        "choices": [{"index": 0, "finish_reason": finish,
                     "message": {"role": "assistant", "content": answer, "refusal": None},
                     "logprobs": None, "content_filter_results": _filter_results()}],
        "usage": {"completion_tokens": completion, "prompt_tokens": prompt,
                  "total_tokens": completion + prompt},
        "system_fingerprint": f"fp_{digest_hex(deployment.model, length=10)}",
        "prompt_filter_results": [{"prompt_index": 0,
                                   "content_filter_results": _filter_results()}],
    })


def _models(state: State, account: str) -> list[dict[str, Any]]:
    jobs = [j for j in state.world.jobs if j.account.lower() == account.lower()]
    bases = dict(_BASE_MODELS)
    for job in jobs:
        bases.setdefault(job.model, state.world.epoch)
    items: list[dict[str, Any]] = []
    for name, created in bases.items():
        items.append({
            "status": "succeeded",
            "capabilities": {"fine_tune": True, "inference": True, "completion": False,
                             "chat_completion": True, "embeddings": False},
            "lifecycle_status": "generally-available",
            "deprecation": {"fine_tune": created + 2 * _YEAR, "inference": created + 2 * _YEAR},
            "id": name, "created_at": created, "object": "model"})
    for job in jobs:
        if job.status != "succeeded":
            continue
        created = job.finished_at or job.created_at
        items.append({
            "status": "succeeded", "model": job.model, "fine_tune": job.id,
            "capabilities": {"fine_tune": False, "inference": True, "completion": False,
                             "chat_completion": True, "embeddings": False},
            "lifecycle_status": "generally-available",
            "deprecation": {"inference": created + _YEAR},
            "id": job.fine_tuned_model, "created_at": created, "object": "model"})
    return items


def models_list(state: State, request: Request, params: dict[str, str]) -> Response:
    return json_response(200, {"data": _models(state, params["account"]), "object": "list"})


def models_retrieve(state: State, request: Request, params: dict[str, str]) -> Response:
    found = next((m for m in _models(state, params["account"]) if m["id"] == params["model"]),
                 None)
    if found is None:
        return dataplane_error(404, "notFound", f"The model '{params['model']}' does not exist.")
    return json_response(200, found)


HANDLERS: dict[str, Handler] = {
    "chat.create": chat_create,
    "models.list": models_list,
    "models.retrieve": models_retrieve,
}
