"""Checks on one parsed example: the cookbook's format checks and what they miss.

The cookbook (``Chat_finetuning_data_prep.ipynb``) accepts message keys role, content, name,
function_call and weight, and roles system, user, assistant and function. The current chat
fine-tuning format also has the ``tool`` role with ``tool_call_id``, assistant ``tool_calls``,
content as a list of parts, and top-level ``tools``/``functions``/``parallel_tool_calls``;
those are accepted here instead of being reported as unrecognized.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import message as catalogued
from .findings import Finding, make, short_key

ROLES = frozenset({"system", "user", "assistant", "function", "tool"})
MESSAGE_KEYS = frozenset({"role", "content", "name", "function_call", "weight",
                          "tool_calls", "tool_call_id"})
_PLAIN_ROLES = frozenset({"system", "user", "assistant"})
EXAMPLE_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
_COUNTED_PART = "text"
_UNCOUNTED_PARTS = frozenset({"image_url", "input_audio", "file", "refusal"})


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number"}.get(type(value), type(value).__name__)


def _short(value: Any, limit: int = 60) -> str:
    """repr() cut to a readable length: keys and values come from the student's file."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_example(obj: Any, line: int, out: list[Finding]) -> list[Any] | None:
    """Append the findings for one example to ``out``.

    Returns the messages list when its tokens can be counted (a list, possibly holding
    malformed messages, which counting skips), else None.
    """
    if not isinstance(obj, dict):
        out.append(make("data_type", catalogued("finding.line_not_object", type=_type_name(obj)),
                        line))
        return None
    for key in obj:
        if key not in EXAMPLE_KEYS:
            out.append(make("example_unrecognized_key",
                            f"unrecognized key {_short(key)} beside 'messages'",
                            line, short_key(key)))
    messages = obj.get("messages")
    if not messages or not isinstance(messages, list):
        why: str
        if messages is None:
            why = (catalogued("finding.no_messages_key") if "messages" not in obj
                   else catalogued("finding.messages_null"))
        elif not isinstance(messages, list):
            why = catalogued("finding.messages_not_list", type=_type_name(messages))
        else:
            why = catalogued("finding.messages_empty")
        out.append(make("missing_messages_list", why, line, "messages"))
        return None

    has_assistant = False
    trained = False
    for index, message in enumerate(messages):
        if type(message) is dict and len(message) == 2:
            # The common {"role": ..., "content": "text"} message, checked without the
            # general path: it decides the speed of checking large files.
            role = message.get("role")
            content = message.get("content")
            if (type(role) is str and role in _PLAIN_ROLES and type(content) is str
                    and content and not content.isspace()):
                if role == "assistant":
                    has_assistant = trained = True
                continue
        where = f"messages[{index}]"
        if not isinstance(message, dict):
            out.append(make("data_type",
                            catalogued("finding.message_not_object", type=_type_name(message)),
                            line, where))
            continue
        role = message.get("role")
        if role == "assistant":
            has_assistant = True
            if message.get("weight", 1) != 0:
                trained = True
        _check_message(message, role, line, where, out)
    if not has_assistant:
        out.append(make("example_missing_assistant_message",
                        catalogued("finding.no_assistant"), line, "messages"))
    elif not trained:
        out.append(make("no_trained_assistant_message",
                        "every assistant message has weight 0: nothing is trained", line,
                        "messages"))
    return messages


def _check_message(message: dict[str, Any], role: Any, line: int, where: str,
                   out: list[Finding]) -> None:
    for key in message:
        if key not in MESSAGE_KEYS:
            out.append(make("message_unrecognized_key",
                            catalogued("finding.unrecognized_message_key", key=_short(key)),
                            line, f"{where}.{short_key(key)}"))
    if role is None:
        out.append(make("message_missing_key", catalogued("finding.no_role"), line, f"{where}.role"))
    elif not isinstance(role, str) or role not in ROLES:
        allowed = ", ".join(sorted(ROLES))
        out.append(make("unrecognized_role",
                        catalogued("finding.unknown_role", role=_short(role), allowed=allowed),
                        line, f"{where}.role"))
    calls = role == "assistant" and ("tool_calls" in message or "function_call" in message)
    if "content" not in message:
        if not calls:
            out.append(make("message_missing_key", catalogued("finding.no_content"), line,
                            f"{where}.content"))
    else:
        _check_content(message["content"], role, calls, line, f"{where}.content", out)
    if "name" in message:
        name = message["name"]
        if not isinstance(name, str) or not name.strip():
            out.append(make("invalid_name", catalogued("finding.invalid_name", value=_short(name)),
                            line, f"{where}.name"))
    elif role == "function":
        out.append(make("missing_function_name", catalogued("finding.function_name"), line,
                        f"{where}.name"))
    if "weight" in message:
        _check_weight(message["weight"], role, line, f"{where}.weight", out)
    if "function_call" in message:
        _check_call(message["function_call"], role, "function_call", line,
                    f"{where}.function_call", out)
    if "tool_calls" in message:
        _check_tool_calls(message["tool_calls"], role, line, f"{where}.tool_calls", out)
    if role == "tool":
        tool_call_id = message.get("tool_call_id")
        if not isinstance(tool_call_id, str) or not tool_call_id:
            out.append(make("missing_tool_call_id", catalogued("finding.tool_call_id"),
                            line, f"{where}.tool_call_id"))


def _check_content(content: Any, role: Any, calls: bool, line: int, field: str,
                   out: list[Finding]) -> None:
    if isinstance(content, str):
        if content.strip():
            return
        if not content:
            if not calls:
                out.append(make("missing_content", catalogued("finding.content_empty"), line, field))
            return
        if role == "assistant":
            out.append(make("blank_assistant_content",
                            catalogued("finding.assistant_blank"), line, field))
        else:
            out.append(make("blank_content", "content is only whitespace", line, field))
        return
    if content is None:
        if not calls:
            out.append(make("missing_content", catalogued("finding.content_null"), line, field))
        return
    if not isinstance(content, list):
        out.append(make("missing_content",
                        catalogued("finding.content_type", type=_type_name(content)), line, field))
        return
    if not content:
        out.append(make("missing_content", catalogued("finding.content_empty_list"), line, field))
        return
    text = ""
    for index, part in enumerate(content):
        text += _check_part(part, line, f"{field}[{index}]", out)
    if not text.strip() and role == "assistant":
        out.append(make("blank_assistant_content",
                        catalogued("finding.assistant_no_text"), line, field))


def _check_part(part: Any, line: int, field: str, out: list[Finding]) -> str:
    """Check one content part; return its text (empty for parts that hold none)."""
    if not isinstance(part, dict):
        out.append(make("invalid_content_part",
                        catalogued("finding.part_not_object", type=_type_name(part)), line, field))
        return ""
    kind = part.get("type")
    if kind == _COUNTED_PART:
        text = part.get("text")
        if isinstance(text, str):
            return text
        out.append(make("invalid_content_part", catalogued("finding.part_text"), line,
                        f"{field}.text"))
        return ""
    if isinstance(kind, str) and kind in _UNCOUNTED_PARTS:
        out.append(make("content_part_not_counted",
                        f"a {_short(kind)} part is not counted in the token statistics", line, field))
        return ""
    out.append(make("invalid_content_part", catalogued("finding.part_type", type=_short(kind)),
                    line, f"{field}.type"))
    return ""


def _check_weight(weight: Any, role: Any, line: int, field: str, out: list[Finding]) -> None:
    if role != "assistant":
        out.append(make("weight_on_non_assistant",
                        catalogued("finding.weight_role", role=_short(role)), line, field))
    # bool is an int in Python, but JSON true/false is not a weight.
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight not in (0, 1):
        out.append(make("invalid_weight", catalogued("finding.weight_value", value=_short(weight)),
                        line, field))


def _check_call(call: Any, role: Any, key: str, line: int, field: str,
                out: list[Finding]) -> bool:
    """Check a {name, arguments} call object; report under ``invalid_<key>``."""
    code = "invalid_function_call" if key == "function_call" else "invalid_tool_calls"
    if role != "assistant":
        out.append(make(code, catalogued("finding.call_role", name=key), line, field))
        return False
    if not isinstance(call, dict):
        out.append(make(code, catalogued("finding.call_not_object", type=_type_name(call)), line,
                        field))
        return False
    ok = True
    for part in ("name", "arguments"):
        if not isinstance(call.get(part), str):
            out.append(make(code, catalogued("finding.call_part", part=part), line,
                            f"{field}.{part}"))
            ok = False
    return ok


def _check_tool_calls(calls: Any, role: Any, line: int, field: str,
                      out: list[Finding]) -> None:
    if role != "assistant":
        out.append(make("invalid_tool_calls", catalogued("finding.call_role", name="tool_calls"),
                        line, field))
        return
    if not isinstance(calls, list) or not calls:
        out.append(make("invalid_tool_calls", catalogued("finding.tool_calls_empty"), line, field))
        return
    for index, call in enumerate(calls):
        where = f"{field}[{index}]"
        if not isinstance(call, dict):
            out.append(make("invalid_tool_calls",
                            catalogued("finding.tool_call_not_object", type=_type_name(call)), line,
                            where))
            continue
        if not isinstance(call.get("id"), str) or not call.get("id"):
            out.append(make("invalid_tool_calls", catalogued("finding.tool_call_no_id"), line,
                            f"{where}.id"))
        if call.get("type", "function") != "function":
            out.append(make("invalid_tool_calls",
                            catalogued("finding.tool_call_type", type=_short(call.get("type"))),
                            line, f"{where}.type"))
        _check_call(call.get("function"), role, "tool_calls", line, f"{where}.function", out)
