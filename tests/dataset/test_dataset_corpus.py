"""Every broken file in the corpus gives exactly its located findings, and no traceback."""

from __future__ import annotations

import pytest

from labverify.dataset import CODES, COOKBOOK_CODES, check_file

from .conftest import CORPUS

# file -> exactly the (code, line) pairs it must produce. Files checked with the
# gpt-35-turbo-0613 settings say so in their name.
EXPECTED: dict[str, set[tuple[str, int | None]]] = {
    "ok_bom.jsonl": set(),
    "ok_crlf.jsonl": set(),
    "ok_bom_crlf_no_final_newline.jsonl": set(),
    "ok_format_extras.jsonl": set(),
    # The cookbook's checks
    "data_type.jsonl": {("data_type", 2)},
    "missing_messages_list.jsonl": {("missing_messages_list", 3)},
    "message_missing_key.jsonl": {("message_missing_key", 5)},
    "message_unrecognized_key.jsonl": {("message_unrecognized_key", 6)},
    "unrecognized_role.jsonl": {("unrecognized_role", 7)},
    "missing_content.jsonl": {("missing_content", 8)},
    "example_missing_assistant_message.jsonl": {("example_missing_assistant_message", 9)},
    # What it misses
    "invalid_json.jsonl": {("invalid_json", 2)},
    "pretty_printed.jsonl": {("invalid_json", n) for n in range(1, 17)},
    "nan.jsonl": {("invalid_json", 5)},
    "deeply_nested.jsonl": {("invalid_json", 2)},
    "blank_line.jsonl": {("blank_line", 4)},
    "trailing_blank_line.jsonl": {("blank_line", 11)},
    "only_blank_lines.jsonl": {("blank_line", 1), ("blank_line", 2), ("empty_file", None)},
    "empty.jsonl": {("empty_file", None)},
    "json_array.jsonl": {("json_array", 1)},
    "utf16.jsonl": {("not_utf8", 1)},
    "utf16_le_no_bom.jsonl": {("not_utf8", 1)},
    "latin1.jsonl": {("not_utf8", 3)},
    "high_bytes_garbage.jsonl": {("not_utf8", 1), ("not_utf8", 2), ("not_utf8", 3),
                                 ("too_few_examples", None)},
    "binary_garbage.jsonl": {("binary_file", 1)},
    "blank_assistant_content.jsonl": {("blank_assistant_content", 2)},
    "empty_assistant_content.jsonl": {("missing_content", 3)},
    "weight.jsonl": {("invalid_weight", 2), ("weight_on_non_assistant", 3),
                     ("invalid_weight", 4), ("no_trained_assistant_message", 5)},
    "tool_and_function_calls.jsonl": {("invalid_tool_calls", 2), ("missing_tool_call_id", 3),
                                      ("missing_function_name", 4),
                                      ("invalid_function_call", 5)},
    "invalid_name.jsonl": {("invalid_name", 2)},
    "content_parts.jsonl": {("invalid_content_part", 2), ("content_part_not_counted", 3),
                            ("invalid_content_part", 4)},
    "example_unrecognized_key.jsonl": {("example_unrecognized_key", 4)},
    "special_token_text.jsonl": {("special_token_text", 4)},
    "whitespace_run.jsonl": {("token_count_failed", 6)},
    "too_long_for_gpt35.jsonl": {("example_too_long", 7)},
    "too_few_examples.jsonl": {("too_few_examples", None)},
    "duplicates.jsonl": {("duplicate_example", 6), ("duplicate_example", 9)},
}

# Where the field matters: file -> {(code, line): field}.
FIELDS = {
    "message_missing_key.jsonl": {("message_missing_key", 5): "messages[1].role"},
    "message_unrecognized_key.jsonl": {("message_unrecognized_key", 6): "messages[1].mood"},
    "unrecognized_role.jsonl": {("unrecognized_role", 7): "messages[0].role"},
    "missing_content.jsonl": {("missing_content", 8): "messages[1].content"},
    "blank_assistant_content.jsonl": {("blank_assistant_content", 2): "messages[2].content"},
    "weight.jsonl": {("invalid_weight", 2): "messages[2].weight",
                     ("weight_on_non_assistant", 3): "messages[1].weight"},
    "tool_and_function_calls.jsonl": {("missing_tool_call_id", 3): "messages[2].tool_call_id",
                                      ("invalid_function_call", 5):
                                          "messages[1].function_call.arguments"},
    "invalid_name.jsonl": {("invalid_name", 2): "messages[1].name"},
    "content_parts.jsonl": {("invalid_content_part", 2): "messages[1].content[0].type"},
    "special_token_text.jsonl": {("special_token_text", 4): "messages[1].content"},
}


def _settings_for(name, settings, settings_35):
    return settings_35 if "gpt35" in name else settings


def test_every_corpus_file_is_listed():
    on_disk = {p.name for p in CORPUS.iterdir() if p.suffix == ".jsonl"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_findings(name, settings, settings_35):
    report = check_file(CORPUS / name, _settings_for(name, settings, settings_35))
    found = {(f.code, f.line) for f in report.findings}
    assert found == EXPECTED[name]
    for finding in report.findings:
        assert finding.severity == ("warning" if finding.code == "too_few_examples"
                                    and report.role == "validation"
                                    else CODES[finding.code])
        assert finding.message
    for key, field in FIELDS.get(name, {}).items():
        assert [f.field for f in report.findings if (f.code, f.line) == key] == [field]
    assert report.ok == (not any(CODES[code] == "error" for code, _ in EXPECTED[name]))


def test_the_cookbook_codes_are_all_covered():
    covered = {code for pairs in EXPECTED.values() for code, _ in pairs}
    assert set(COOKBOOK_CODES) <= covered


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_exception_with_either_model(name, settings, settings_35):
    for chosen in (settings, settings_35):
        check_file(CORPUS / name, chosen)


def test_too_long_example_is_fine_for_gpt4o_mini(settings):
    report = check_file(CORPUS / "too_long_for_gpt35.jsonl", settings)
    assert report.findings == []
    assert 4096 < report.total_stats.max < settings.max_tokens_per_example


def test_pretty_printed_json_is_explained():
    from labverify.dataset.settings import CheckSettings

    report = check_file(CORPUS / "pretty_printed.jsonl",
                        CheckSettings("m", "o200k_base", 100, 1, 10**9, 1))
    assert "on one line" in report.findings[0].message


def test_utf16_and_latin1_messages_say_what_to_do(settings):
    utf16 = check_file(CORPUS / "utf16.jsonl", settings).findings[0]
    assert "UTF-16" in utf16.message and "UTF-8" in utf16.message
    latin1 = check_file(CORPUS / "latin1.jsonl", settings).findings[0]
    assert "0xF9" in latin1.message and "Latin-1" in latin1.message


def test_special_token_text_is_counted_as_ordinary_text(settings):
    from labverify.tokenizers import get_encoding

    report = check_file(CORPUS / "special_token_text.jsonl", settings)
    encoding = get_encoding("o200k_base")
    user = "What does <|endoftext|> mean?"
    assert report.total_tokens.size == 10
    line4 = int(report.total_tokens[3])
    texts = ["system", "Clippy is a factual chatbot that is also sarcastic.", "user", user,
             "assistant", "It ends text."]
    expected = 3 + 3 * 3 + sum(len(encoding.encode_ordinary(t)) for t in texts)
    assert line4 == expected


def test_duplicate_names_the_first_line(settings):
    report = check_file(CORPUS / "duplicates.jsonl", settings)
    assert [f.message for f in report.findings] == ["same example as line 2"] * 2
