"""Token counting rules beyond the handout's plain examples, and the statistics."""

from __future__ import annotations

import numpy as np
import pytest

from labverify.dataset import Distribution
from labverify.dataset.stats import billing_tokens_per_epoch
from labverify.dataset.tokens import MAX_WHITESPACE_RUN, TokenCounter
from labverify.tokenizers import get_encoding


@pytest.fixture(scope="module")
def encoding():
    return get_encoding("o200k_base")


@pytest.fixture
def counter(encoding):
    return TokenCounter(encoding)


def n(encoding, text: str) -> int:
    return len(encoding.encode_ordinary(text))


def patch_encoders(counter, monkeypatch, encode) -> None:
    """Put ``encode`` in place of both the fast path's tokenizer call and tiktoken's method."""
    monkeypatch.setattr(counter, "_encode", encode)
    monkeypatch.setattr(counter, "_encode_text", encode)


def count(counter, messages):
    out = []
    result = counter.example(messages, 1, out)
    return result, out


def test_plain_example_matches_the_handout_formula(counter, encoding):
    messages = [{"role": "user", "content": "Hi there"},
                {"role": "assistant", "content": "Hello!"}]
    (total, assistant), out = count(counter, messages)
    assert out == []
    assert total == 3 + 2 * 3 + sum(n(encoding, t) for t in
                                    ("user", "Hi there", "assistant", "Hello!"))
    assert assistant == n(encoding, "Hello!")


def test_name_adds_its_tokens_plus_one(counter, encoding):
    plain = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]
    named = [{"role": "user", "name": "student_21", "content": "Hi"},
             {"role": "assistant", "content": "Yo"}]
    assert count(counter, named)[0][0] == count(counter, plain)[0][0] + n(
        encoding, "student_21") + 1


def test_weight_is_not_counted(counter):
    plain = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]
    weighted = [{"role": "user", "content": "Hi"},
                {"role": "assistant", "content": "Yo", "weight": 1}]
    assert count(counter, weighted)[0] == count(counter, plain)[0]


def test_content_parts_count_their_text_parts(counter, encoding):
    parts = [{"role": "user", "content": [
        {"type": "text", "text": "Largest planet?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Jupiter, "},
                                          {"type": "text", "text": "obviously."}]}]
    (total, assistant), _ = count(counter, parts)
    answer = n(encoding, "Jupiter, ") + n(encoding, "obviously.")
    assert assistant == answer
    assert total == 3 + 6 + n(encoding, "user") + n(encoding, "Largest planet?") + n(
        encoding, "assistant") + answer


def test_calls_count_name_and_arguments_as_assistant_tokens(counter, encoding):
    call = {"name": "get_weather", "arguments": '{"city": "Paris"}'}
    messages = [{"role": "user", "content": "Weather?"},
                {"role": "assistant", "content": None, "function_call": call}]
    (total, assistant), _ = count(counter, messages)
    call_tokens = n(encoding, "get_weather") + n(encoding, '{"city": "Paris"}')
    assert assistant == call_tokens
    tools = [{"role": "user", "content": "Weather?"},
             {"role": "assistant", "tool_calls": [
                 {"id": "c1", "type": "function", "function": call}]}]
    assert count(counter, tools)[0] == (total, assistant)


def test_special_token_text_never_raises(counter, encoding):
    text = "a <|endoftext|> b <|endofprompt|>"
    with pytest.raises(ValueError):
        encoding.encode(text)  # what the handout's code would do
    (_, assistant), out = count(counter, [{"role": "assistant", "content": text}])
    assert assistant == n(encoding, text)
    assert [f.code for f in out] == ["special_token_text"]
    assert "<|endoftext|>" in out[0].message and "<|endofprompt|>" in out[0].message


def test_lone_surrogates_count_as_tiktoken_counts_them(counter, encoding):
    # JSON can escape half a surrogate pair ("\\ud800"); the Rust tokenizer refuses such
    # text, and tiktoken's own method (which the handout's encode() goes through) replaces it.
    messages = [{"role": "system", "content": "sys \ud83d"},
                {"role": "user", "content": "caf\u00e9 \ud800 x"},
                {"role": "assistant", "content": "ok \udfff"}]
    with pytest.raises(UnicodeEncodeError):
        encoding._core_bpe.encode_ordinary("ok \udfff")
    (total, assistant), out = count(counter, messages)
    assert out == []
    assert assistant == n(encoding, "ok \udfff") > 0
    assert total == 3 + sum(3 + n(encoding, m["role"]) + n(encoding, m["content"])
                            for m in messages)


def test_the_fast_path_calls_the_rust_tokenizer(counter, encoding):
    assert counter._encode == encoding._core_bpe.encode_ordinary


def test_cached_strings_still_report_findings(counter):
    system = {"role": "system", "content": "Say <|endoftext|> twice"}
    for _ in range(2):
        _, out = count(counter, [system, {"role": "assistant", "content": "ok"}])
        assert [f.code for f in out] == ["special_token_text"]


def test_whitespace_run_is_refused_before_the_tokenizer(counter, monkeypatch):
    calls = []
    real = counter._encode
    patch_encoders(counter, monkeypatch, lambda text: calls.append(len(text)) or real(text))
    result, out = count(counter, [{"role": "assistant",
                                   "content": "a" + " " * (MAX_WHITESPACE_RUN + 1) + "b"}])
    assert result is None
    assert [(f.code, f.field) for f in out] == [("token_count_failed", "messages[0].content")]
    assert all(length < MAX_WHITESPACE_RUN for length in calls)


class PanicException(BaseException):
    """Stands in for pyo3's PanicException, which derives from BaseException."""


def test_a_tokenizer_panic_becomes_a_finding(counter, monkeypatch):
    real = counter._encode

    def encode(text):
        if "boom" in text:
            raise PanicException("StackOverflow")
        return real(text)

    patch_encoders(counter, monkeypatch, encode)
    result, out = count(counter, [{"role": "user", "content": "x"},
                                  {"role": "assistant", "content": "boom"}])
    assert result is None
    assert [(f.code, f.field) for f in out] == [("token_count_failed", "messages[1].content")]


def test_other_base_exceptions_are_not_swallowed(counter, monkeypatch):
    def encode(text):
        raise KeyboardInterrupt

    patch_encoders(counter, monkeypatch, encode)
    with pytest.raises(KeyboardInterrupt):
        count(counter, [{"role": "assistant", "content": "x"}])


def test_distribution_has_true_p5_p95_and_the_handouts_p10_p90():
    values = np.arange(1, 101, dtype=np.uint32)
    dist = Distribution.of(values)
    assert (dist.min, dist.max, dist.mean, dist.median) == (1, 100, 50.5, 50.5)
    assert dist.p5 == pytest.approx(5.95) and dist.p95 == pytest.approx(95.05)
    assert dist.p10 == pytest.approx(10.9) and dist.p90 == pytest.approx(90.1)
    assert Distribution.of(np.zeros(0, np.uint32)) is None
    assert set(dist.to_json()) == {"min", "max", "mean", "median", "p5", "p95", "p10", "p90"}


def test_billing_caps_each_example():
    totals = np.array([10, 5000, 4096], dtype=np.uint32)
    assert billing_tokens_per_epoch(totals, 4096) == 10 + 4096 + 4096
    assert billing_tokens_per_epoch(np.zeros(0, np.uint32), 4096) == 0


def test_counting_only_what_could_be_over_the_limit_finds_the_same() -> None:
    """Grading counts only the examples that could exceed the limit: the findings are the same,
    at limits that put real examples just over and just within them."""
    import dataclasses

    from labverify.config import load_config
    from labverify.dataset import check_files, settings_from_config

    from .conftest import CORPUS, SAMPLES

    files = sorted([*SAMPLES.glob("*.jsonl"), *CORPUS.glob("*.jsonl")])
    every = settings_from_config(load_config())
    counts = np.concatenate([r.total_tokens for r in check_files(files, every)])
    limits = sorted({int(q) + d for q in np.quantile(counts, [0, 0.5, 0.9, 1]) for d in (-1, 0)})
    for limit in limits:
        full_settings = dataclasses.replace(every, max_tokens_per_example=limit)
        lean_settings = dataclasses.replace(full_settings, count_every_example=False)
        fulls, leans = check_files(files, full_settings), check_files(files, lean_settings)
        for full, lean in zip(fulls, leans, strict=True):
            assert [(f.code, f.line, f.message) for f in full.findings] == \
                [(f.code, f.line, f.message) for f in lean.findings], (limit, full.path)
        assert any(f.code == "example_too_long" for r in fulls for f in r.findings) or \
            limit >= counts.max()
    # And most examples were not counted at all at the lab's own limit.
    at_lab_limit = check_files(files, dataclasses.replace(every, count_every_example=False))
    assert sum(r.total_tokens.size for r in at_lab_limit) < counts.size / 10
