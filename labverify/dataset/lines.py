"""The per-line work on a chunk of a JSONL file: decode, parse, check, count, hash.

This runs in worker processes, so its input (bytes and settings) and its result are plain
picklable data, and the result is compact: per-example counts as arrays, fixed-size hashes,
and a bounded set of findings. It uses no numpy, which a worker then never imports (the
calling process turns the arrays into numpy's).
"""

from __future__ import annotations

import hashlib
import json
import tracemalloc
from array import array
from dataclasses import dataclass, field
from functools import lru_cache

from ..catalogue import Text, message
from ..tokenizers import get_encoding
from .findings import Finding, FindingLog, Severity, make
from .schema import check_example
from .settings import CheckSettings
from .tokens import MAX_WHITESPACE_RUN, TokenCounter

HASH_BYTES = 8


@dataclass
class ChunkResult:
    """What one chunk of lines contributes to a file's report."""

    examples: int = 0
    # Per counted example, in file order: total and assistant tokens.
    totals: array = field(default_factory=lambda: array("I"))
    assistants: array = field(default_factory=lambda: array("I"))
    # Per example with a messages list: its HASH_BYTES-byte hash, and its line.
    hashes: bytes = b""
    hash_lines: array = field(default_factory=lambda: array("I"))
    kept: list[Finding] = field(default_factory=list)
    counts: dict[tuple[str, Severity], int] = field(default_factory=dict)
    # tracemalloc peak of the process that did the work, when it traces memory (else 0).
    traced_peak: int = 0
    pid: int = 0


@lru_cache(maxsize=4)
def counter_for(encoding: str) -> TokenCounter:
    """One counter per encoding and process, so its small cache is reused across chunks."""
    return TokenCounter(get_encoding(encoding))


def _reject_constant(name: str) -> float:
    # Python's json accepts NaN and Infinity; JSON, and the service's parser, do not.
    raise ValueError(f"{name} is not valid JSON")


# One decoder for all lines: json.loads with an option builds a new one per call.
_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_full_decode = _DECODER.decode
_scan = _DECODER.scan_once


def _decode(text: str) -> object:
    """``_DECODER.decode(text)``, without its two whitespace matches for a line that starts
    with its value and ends with it (nearly every line): 5% of a check's time. Anything else,
    errors included, goes through ``decode`` itself, so every message is json's own."""
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError):
        return _full_decode(text)
    if end != len(text):
        return _full_decode(text)
    return value


def _json_problem(exc: BaseException, text: str) -> Text:
    if isinstance(exc, RecursionError):
        return message("finding.json_nested")
    if isinstance(exc, json.JSONDecodeError):
        stripped = text.strip()
        if (stripped.startswith("{") and not stripped.endswith("}")) or stripped in ("}", "},"):
            return message("finding.json_spread", problem=exc.msg, column=exc.colno)
        return message("finding.json_decode", problem=exc.msg, column=exc.colno)
    return message("finding.json_other", problem=str(exc))


def _utf8_problem(exc: UnicodeDecodeError, raw: bytes) -> Text:
    return message("finding.not_utf8", byte=f"{raw[exc.start]:02X}", column=exc.start + 1)


def fits_uncounted(raw: bytes, messages: int, limit: int) -> bool:
    """Whether an example is certainly within ``limit`` tokens without counting them.

    Every token of a byte-level BPE covers at least one byte, so an example's count (the
    handout's: 3 + per message 3, its values' tokens, 1 per name) is at most 3 + 4 per message +
    the bytes of its strings, and those are at most the line's own bytes. Lines that could need a
    finding of the tokenizer (special-token text, escapes that could hide it, whitespace runs too
    long to tokenize) are counted anyway.
    """
    return (len(raw) + 4 * messages + 3 <= limit and len(raw) <= MAX_WHITESPACE_RUN
            and b"<|" not in raw and b"\\u" not in raw)


def process_lines(start_line: int, data: bytes, settings: CheckSettings) -> ChunkResult:
    """Check every line of ``data``, whose first line is line ``start_line`` of the file.

    ``data`` holds whole lines; a final piece after the last newline is a line too.
    """
    counter = counter_for(settings.encoding) if settings.count_every_example else None
    every = settings.count_every_example
    limit = settings.max_tokens_per_example
    log = FindingLog(settings.keep_per_code)
    out: list[Finding] = []
    totals = array("I")
    assistants = array("I")
    hash_lines = array("I")
    digests: list[bytes] = []
    examples = 0
    # Local names for what the loop calls per line.
    decode, check, blake2b = _decode, check_example, hashlib.blake2b
    add_digest, add_line = digests.append, hash_lines.append
    add_total, add_assistant = totals.append, assistants.append
    pieces = data.split(b"\n")
    if pieces and not pieces[-1]:
        pieces.pop()  # the newline ending the last line does not start a new line
    line = start_line - 1
    for raw in pieces:
        line += 1
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        if not raw or raw.isspace():
            log.add(make("blank_line", message("finding.blank_line"), line))
            continue
        examples += 1
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            log.add(make("not_utf8", _utf8_problem(exc, raw), line))
            continue
        try:
            obj = decode(text)
        except (ValueError, RecursionError) as exc:
            log.add(make("invalid_json", _json_problem(exc, text), line))
            continue
        try:
            messages = check(obj, line, out)
            if messages is not None:
                add_digest(blake2b(raw, digest_size=HASH_BYTES).digest())
                add_line(line)
                if every or not fits_uncounted(raw, len(messages), limit):
                    if counter is None:
                        counter = counter_for(settings.encoding)
                    counted = counter.example(messages, line, out)
                    if counted is not None:
                        total, assistant = counted
                        if total > limit:
                            out.append(make("example_too_long", message(
                                "finding.example_too_long", total=f"{total:,}",
                                limit=f"{limit:,}", model=settings.model), line))
                        add_total(total)
                        add_assistant(assistant)
        except RecursionError:
            out.append(make("invalid_json", message("finding.json_nested"), line))
        except Exception as exc:
            # A safety net: the report must still come out whatever the line holds.
            out.append(make("unexpected_content", message(
                "finding.unexpected", problem=type(exc).__name__, detail=str(exc)), line))
        if out:
            log.extend(out)
            out.clear()
    result = ChunkResult(
        examples=examples,
        totals=totals,
        assistants=assistants,
        hashes=b"".join(digests),
        hash_lines=hash_lines,
        kept=log.kept,
        counts=log.counts,
    )
    if tracemalloc.is_tracing():
        result.traced_peak = tracemalloc.get_traced_memory()[1]
    return result
