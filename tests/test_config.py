"""The lab configuration: the shipped file loads, and every kind of mistake is located."""

from __future__ import annotations

from pathlib import Path

import pytest

from labverify.config import DEFAULT_CONFIG, load_config
from labverify.errors import LocatedError


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "lab.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_default_config_holds_the_lab_facts() -> None:
    config = load_config()
    assert config.region == "northcentralus"
    assert config.account.sku == "S0" and config.account.kind == "OpenAI"
    assert config.account.name_pattern.fullmatch("AzureOpenAI-Finetune21")
    assert not config.account.name_pattern.fullmatch("AzureOpenAI-FinetuneXX")
    assert {r.guid for r in config.roles} == {
        "a001fd3d-188f-4b5d-821b-7da978bf7442", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
        "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68", "bba48692-92b0-4667-a9ad-c31c7b334ac2"}
    assert [r.scope for r in config.roles].count("subscription") == 1
    assert config.base_model == "gpt-4o-mini-2024-07-18"
    assert config.model(config.base_model).max_tokens_per_example == 65536
    assert sorted(config.tasks) == list(range(1, 11))


def test_digest_ignores_line_endings_and_comments(tmp_path: Path) -> None:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes(("# a comment\n" + text).replace("\n", "\r\n").encode())
    assert load_config(crlf).digest == load_config().digest
    changed = variant(tmp_path, 'sku = "S0"', 'sku = "S1"')
    assert load_config(changed).digest != load_config().digest


def test_a_typo_in_a_key_names_the_key_file_and_line(tmp_path: Path) -> None:
    path = variant(tmp_path, 'region = "northcentralus"', 'regoin = "northcentralus"')
    with pytest.raises(LocatedError) as err:
        load_config(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "regoin" in text)
    assert err.value.field == "azure.regoin"
    assert err.value.line == line
    assert str(path) in str(err.value) and "unknown key" in str(err.value)


def test_a_missing_key_is_named(tmp_path: Path) -> None:
    path = variant(tmp_path, 'sku = "S0"\n', "")
    with pytest.raises(LocatedError) as err:
        load_config(path)
    assert err.value.field == "account.sku" and "missing key" in str(err.value)


def test_a_wrong_type_is_named(tmp_path: Path) -> None:
    path = variant(tmp_path, "min_examples = 10", 'min_examples = "ten"')
    with pytest.raises(LocatedError) as err:
        load_config(path)
    assert err.value.field == "dataset.min_examples" and "must be an integer, not a string" in str(err.value)


def test_a_role_guid_and_scope_are_validated(tmp_path: Path) -> None:
    path = variant(tmp_path, 'guid = "bba48692-92b0-4667-a9ad-c31c7b334ac2"',
                   'guid = "Cognitive Services Usages Reader"')
    with pytest.raises(LocatedError, match="not a GUID"):
        load_config(path)
    path = variant(tmp_path, 'scope = "subscription"', 'scope = "resource"')
    with pytest.raises(LocatedError, match=r"roles\[3\]\.scope: 'resource' is not one of"):
        load_config(path)


def test_invalid_toml_and_missing_file_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[lab]\nid = \n", encoding="utf-8")
    with pytest.raises(LocatedError) as err:
        load_config(bad)
    assert err.value.line == 2 and "invalid TOML" in str(err.value)
    with pytest.raises(LocatedError, match="file not found"):
        load_config(tmp_path / "absent.toml")


def test_base_model_must_have_its_limits(tmp_path: Path) -> None:
    path = variant(tmp_path, 'base_model = "gpt-4o-mini-2024-07-18"', 'base_model = "gpt-5"')
    with pytest.raises(LocatedError, match="has no"):
        load_config(path)
