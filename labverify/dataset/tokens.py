"""Token counts of one example, counted the way the handout's code counts them.

The handout (copied from the OpenAI cookbook) counts, per example::

    3                                   # priming of the reply
    + for each message: 3               # tokens_per_message
        + for each key: len(encode(value)) (+1 when the key is "name")

and the assistant tokens as ``len(encode(content))`` of every assistant message. Those
figures are reproduced exactly for every example the handout's code can count. Where its code
would raise instead, the count is defined here:

* Special-token text such as ``<|endoftext|>``: ``encode()`` raises on it. Here it is
  counted as the ordinary text it is in a dataset (``encode_ordinary``, the same as
  ``encode(disallowed_special=())``), so counting never raises, and a ``special_token_text``
  warning says the handout's code would fail on that line. For text without special-token
  text ``encode`` and ``encode_ordinary`` return the same tokens, so the counts agree with
  the handout's.
* Content given as a list of parts: the text of its ``text`` parts; other parts (images, ...)
  count 0.
* ``function_call`` and each of ``tool_calls``: the tokens of the call's ``name`` and
  ``arguments``; they count as assistant tokens too, being what the assistant is trained to
  produce.
* Values that are not text (``weight``, null content, malformed values): 0.
* Messages that are not objects are skipped.
"""

from __future__ import annotations

import re
from typing import Any

import tiktoken

from ..catalogue import message as catalogued
from .findings import Finding, make, short_key

# Runs of whitespace this long overflow the stack of tiktoken's regex (it panics at about a
# million on an 8 MB stack, earlier on smaller thread stacks); no training text needs them.
MAX_WHITESPACE_RUN = 50_000
_WHITESPACE = re.compile(r"\s+")
# A bounded cache: repeated short strings (roles, names, a shared system prompt) are
# tokenized once; the bound keeps memory flat whatever the file holds.
_CACHE_ENTRIES = 2048
_CACHE_MAX_CHARS = 4000


def _longest_whitespace_run(text: str) -> int:
    return max((m.end() - m.start() for m in _WHITESPACE.finditer(text)), default=0)


# A field is built only when a finding needs it: (message index, key, rest of the path).
Where = tuple[int, str, str]


def _field(where: Where) -> str:
    index, key, rest = where
    return f"messages[{index}].{short_key(key)}{rest}"


def _is_panic(exc: BaseException) -> bool:
    # pyo3's PanicException derives from BaseException and has no importable home.
    return type(exc).__name__ == "PanicException"


class TokenCounter:
    """Counts tokens of examples with one encoding."""

    def __init__(self, encoding: tiktoken.Encoding) -> None:
        self.encoding_name = encoding.name
        # The fast path calls the Rust tokenizer itself: tiktoken's Python method around it
        # only re-encodes text holding lone surrogates, and adds a call per string (8% of
        # the tokenizing). Such text raises UnicodeEncodeError there, and the example is
        # then counted again through tiktoken's method (``_encode_text``).
        core = getattr(encoding, "_core_bpe", None)
        self._encode_text = encoding.encode_ordinary
        self._encode = getattr(core, "encode_ordinary", self._encode_text)
        self._specials = tuple(sorted(encoding.special_tokens_set))
        self._cache: dict[str, int] = {}

    def text(self, text: str, line: int, where: Where, out: list[Finding]) -> int | None:
        """Tokens of one string, or None (with a finding) when it cannot be tokenized."""
        if "<|" in text:
            found = [s for s in self._specials if s in text]
            if found:
                out.append(make("special_token_text",
                                f"contains special-token text {', '.join(found)}: counted as "
                                "ordinary text (the handout's encode() raises on it)",
                                line, _field(where)))
        if len(text) > MAX_WHITESPACE_RUN:
            run = _longest_whitespace_run(text)
            if run > MAX_WHITESPACE_RUN:
                out.append(make("token_count_failed",
                                catalogued("finding.whitespace_run", run=f"{run:,}"), line,
                                _field(where)))
                return None
        try:
            return len(self._encode_text(text))
        except BaseException as exc:
            if not _is_panic(exc):
                raise
            out.append(make("token_count_failed",
                            catalogued("finding.tokenizer_failed", problem=str(exc)), line,
                            _field(where)))
            return None

    def _cached(self, text: str, line: int, where: Where, out: list[Finding]) -> int | None:
        count = self._cache.get(text)
        if count is not None:
            return count
        before = len(out)
        count = self.text(text, line, where, out)
        # Only clean strings are cached: a cached hit must not lose its finding.
        if (count is not None and len(out) == before and len(text) <= _CACHE_MAX_CHARS
                and len(self._cache) < _CACHE_ENTRIES):
            self._cache[text] = count
        return count

    def _value(self, key: str, value: Any, role: Any, line: int, index: int,
               out: list[Finding]) -> int | None:
        if isinstance(value, str):
            if key != "content" or role == "system":
                return self._cached(value, line, (index, key, ""), out)
            return self.text(value, line, (index, key, ""), out)
        total = 0
        if key == "content" and isinstance(value, list):
            for number, part in enumerate(value):
                if isinstance(part, dict) and part.get("type") == "text":
                    text = part.get("text")
                    if isinstance(text, str):
                        n = self.text(text, line, (index, key, f"[{number}].text"), out)
                        if n is None:
                            return None
                        total += n
        elif key == "function_call":
            total = self._call(value, line, (index, key, ""), out)
        elif key == "tool_calls" and isinstance(value, list):
            for number, call in enumerate(value):
                if isinstance(call, dict):
                    n = self._call(call.get("function"), line, (index, key, f"[{number}].function"),
                                   out)
                    if n is None:
                        return None
                    total += n
        return total

    def _call(self, call: Any, line: int, where: Where, out: list[Finding]) -> int | None:
        if not isinstance(call, dict):
            return 0
        total = 0
        for part in ("name", "arguments"):
            value = call.get(part)
            if isinstance(value, str):
                n = self.text(value, line, (where[0], where[1], f"{where[2]}.{part}"), out)
                if n is None:
                    return None
                total += n
        return total

    def example(self, messages: list[Any], line: int,
                out: list[Finding]) -> tuple[int, int] | None:
        """(total tokens, assistant tokens) of one example, or None if it cannot be counted."""
        before = len(out)
        try:
            return self._example(messages, line, out, careful=False)
        except UnicodeEncodeError:
            pass  # lone surrogates: tiktoken's method replaces them, as the handout's encode()
        except BaseException as exc:
            if not _is_panic(exc):
                raise
        # The fast path let a tokenizer panic (or lone surrogates) through; redo the example
        # string by string.
        del out[before:]
        return self._example(messages, line, out, careful=True)

    def _example(self, messages: list[Any], line: int, out: list[Finding],
                 careful: bool) -> tuple[int, int] | None:
        encode = self._encode
        cache = self._cache
        total = 3
        assistant = 0
        for index, message in enumerate(messages):
            if not isinstance(message, dict):
                continue
            total += 3
            role = message.get("role")
            if len(message) == 2 and not careful:
                # {"role": <cached role>, "content": <plain text>}: most messages, counted
                # without the per-key loop below.
                content = message.get("content")
                role_tokens = cache.get(role) if type(role) is str else None
                n = None
                if role_tokens is not None and type(content) is str:
                    if role == "system":
                        n = cache.get(content)
                    elif "<|" not in content and len(content) <= MAX_WHITESPACE_RUN:
                        n = len(encode(content))
                if n is not None:
                    total += role_tokens + n
                    if role == "assistant":
                        assistant += n
                    continue
            is_assistant = role == "assistant"
            for key, value in message.items():
                if type(value) is str:
                    if key == "content" and role != "system":
                        # Plain text goes straight to the tokenizer; anything that needs a
                        # finding or a guard takes the slow path.
                        if careful or "<|" in value or len(value) > MAX_WHITESPACE_RUN:
                            n = self.text(value, line, (index, key, ""), out)
                        else:
                            n = len(encode(value))
                    else:
                        n = cache.get(value)
                        if n is None:
                            n = self._cached(value, line, (index, key, ""), out)
                else:
                    n = self._value(key, value, role, line, index, out)
                if n is None:
                    return None
                total += n
                if key == "name":
                    total += 1
                elif is_assistant and key in ("content", "function_call", "tool_calls"):
                    assistant += n
        return total, assistant
