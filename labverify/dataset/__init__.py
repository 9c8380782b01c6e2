"""Checks on fine-tuning datasets (lab task 6): chat-format JSON Lines files.

A check streams the file, so memory does not grow with the number of examples, and spreads
the per-line work over worker processes for large files. It never raises for anything a file
holds; every problem becomes a ``Finding`` at a line (1-based; None for the whole file) and,
where it applies, a field such as ``messages[2].content``.

Finding codes (E = error, W = warning)

The OpenAI cookbook's format checks, under its own names:

* ``data_type`` (E): a line, or a message, is not a JSON object.
* ``missing_messages_list`` (E): no ``messages``, or it is null, empty or not a list.
* ``message_missing_key`` (E): a message has no ``role``, or no ``content`` (an assistant
  message with ``tool_calls`` or ``function_call`` may omit it).
* ``message_unrecognized_key`` (E): a message key other than role, content, name, weight,
  function_call, tool_calls, tool_call_id.
* ``unrecognized_role`` (E): a role other than system, user, assistant, tool, function.
* ``missing_content`` (E): content empty, null or of the wrong type (an assistant message with
  a call may have none). Content as a list of parts is accepted, unlike in the cookbook.
* ``example_missing_assistant_message`` (E): no assistant message in the example.

What the cookbook does not check:

* ``file_missing``, ``not_a_file``, ``unreadable_file`` (E): the file cannot be read.
* ``file_too_large`` (E): over the config's ``max_file_bytes`` (512 MB).
* ``empty_file`` (E): no bytes, or only blank lines.
* ``json_array`` (E): the file is one JSON array instead of JSON Lines.
* ``not_utf8`` (E): a line (or the whole file, when UTF-16/32) is not UTF-8. A UTF-8
  byte-order mark and CRLF line ends are accepted.
* ``binary_file`` (E): NUL bytes: not a text file.
* ``blank_line`` (E): an empty or whitespace-only line (the handout's loader fails on it).
* ``line_too_long`` (E): a line over 64 MiB, skipped unparsed.
* ``invalid_json`` (E): a line that is not JSON (NaN and Infinity are not JSON).
* ``example_unrecognized_key`` (W): a key beside ``messages`` other than tools, functions,
  parallel_tool_calls.
* ``blank_assistant_content`` (E): an assistant reply that is only whitespace.
* ``blank_content`` (W): any other message whose content is only whitespace.
* ``invalid_content_part`` (E): a malformed part in list content.
* ``content_part_not_counted`` (W): a non-text part (image, audio...), not counted in tokens.
* ``invalid_name`` (E): ``name`` is not a non-empty string.
* ``invalid_weight`` (E): ``weight`` other than 0 or 1.
* ``weight_on_non_assistant`` (E): ``weight`` on a message that is not the assistant's.
* ``no_trained_assistant_message`` (W): every assistant message has weight 0.
* ``invalid_function_call`` (E): a legacy ``function_call`` without name/arguments strings,
  or not on an assistant message.
* ``missing_function_name`` (E): a legacy ``function`` role message without ``name``.
* ``invalid_tool_calls`` (E): malformed ``tool_calls``, or on a non-assistant message.
* ``missing_tool_call_id`` (E): a ``tool`` message without ``tool_call_id``.
* ``special_token_text`` (W): text such as ``<|endoftext|>``; counted as ordinary text.
* ``token_count_failed`` (E): text the tokenizer cannot process (huge whitespace runs).
* ``example_too_long`` (E): more tokens than the model's per-example limit.
* ``too_few_examples`` (E; W for a validation file): fewer than ``min_examples``.
* ``duplicate_example`` (W): a line identical to an earlier one (byte for byte).
* ``validation_overlaps_training`` (W): a validation example also in the training file.
* ``unexpected_content`` (E): a line that could not be checked for another reason.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Exports are loaded when first used (PEP 562): worker processes and the start of
# ``labverify data`` import the per-line modules without numpy and the report code.
_EXPORTS = {
    "check_file": "check", "check_files": "check", "check_lab_folder": "check",
    "lab_folder": "check", "resolve_path": "check",
    "CODES": "findings", "COOKBOOK_CODES": "findings", "Finding": "findings",
    "FileReport": "report",
    "CheckSettings": "settings", "settings_from_config": "settings",
    "Distribution": "stats",
}

if TYPE_CHECKING:
    from .check import check_file, check_files, check_lab_folder, lab_folder, resolve_path
    from .findings import CODES, COOKBOOK_CODES, Finding
    from .report import FileReport
    from .settings import CheckSettings, settings_from_config
    from .stats import Distribution


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "CODES",
    "COOKBOOK_CODES",
    "CheckSettings",
    "Distribution",
    "FileReport",
    "Finding",
    "check_file",
    "check_files",
    "check_lab_folder",
    "lab_folder",
    "resolve_path",
    "settings_from_config",
]
