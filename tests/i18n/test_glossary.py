"""The zh-TW catalogue and features word the lab as the zh-TW Azure portal does (glossary.toml)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from labverify.catalogue import catalogue
from labverify.paths import CATALOGUE_DIR, FEATURES_ZH_DIR

GLOSSARY = tomllib.loads((CATALOGUE_DIR / "glossary.toml").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Commands, flags, file names and identifiers stay as they are in any language.
CODE = re.compile(r"`[^`]*`|--[a-z-]+|\S+\.(?:jsonl|toml|json|py|csv)\b|\b\w+_\w+\b|setx \S+")


def english_mentions(text: str, term: str) -> bool:
    plain = CODE.sub(" ", PLACEHOLDER.sub(" ", text))
    return re.search(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])", plain, re.IGNORECASE) is not None


def zh_texts() -> list[tuple[str, str]]:
    texts = [(f"{table}.{key}", value) for table, entries in catalogue("zh-TW").items()
             for key, value in entries.items()]
    for path in sorted(FEATURES_ZH_DIR.glob("*.feature")):
        texts += [(f"{path.name}:{n}", line) for n, line in
                  enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    return texts


def test_the_glossary_is_well_formed() -> None:
    assert len(GLOSSARY["terms"]) >= 9 and len(GLOSSARY["avoid"]) >= 9
    for wrong, right in GLOSSARY["avoid"].items():
        assert wrong not in right, (wrong, right)
        assert not any(wrong in term for term in GLOSSARY["terms"].values()), wrong


@pytest.mark.parametrize("wrong", sorted(GLOSSARY["avoid"]))
def test_no_zh_tw_sentence_uses_a_word_to_avoid(wrong: str) -> None:
    found = [where for where, text in zh_texts() if wrong in PLACEHOLDER.sub("", text)]
    assert not found, f"{wrong!r} (write {GLOSSARY['avoid'][wrong]!r}) in {found}"


@pytest.mark.parametrize("term", sorted(GLOSSARY["terms"]))
def test_every_english_term_is_rendered_with_the_portal_s_word(term: str) -> None:
    zh_term = GLOSSARY["terms"][term]
    en, zh = catalogue("en"), catalogue("zh-TW")
    other_sense = set(GLOSSARY.get("senses", {}).get(term, []))
    missing = [f"{table}.{key}" for table, entries in en.items() for key, text in entries.items()
               if english_mentions(text, term) and key in zh[table]
               and zh_term not in zh[table][key] and f"{table}.{key}" not in other_sense]
    assert not missing, f"{term!r} is {zh_term!r} in zh-TW, not so in: {missing}"


def test_the_term_check_can_fail(tmp_path: Path) -> None:
    assert english_mentions("Open the resource group first.", "resource group")
    assert not english_mentions("Set {resource_group} in rg.toml", "resource group")
    assert not english_mentions("training_file is set", "file")
    assert english_mentions("Upload both files", "file")
