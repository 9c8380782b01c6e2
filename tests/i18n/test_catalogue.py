"""The catalogue: data files, one folder per language, with the same keys and placeholders."""

from __future__ import annotations

import re

import pytest

from labverify.catalogue import TABLES, catalogue, hint, placeholders, render
from labverify.paths import CATALOGUE_DIR, PROJECT_ROOT

from ..sessions import SESSIONS, bundled_sessions, results

CJK = re.compile(r"[\u4e00-\u9fff]")
USED = re.compile(r'hint\(f?"([a-z_]+\.[a-z_{}.]+)"')


def parity_problems(en: dict, zh: dict) -> list[str]:
    """Entries missing in one language, placeholders that differ, zh-TW entries not translated."""
    problems = []
    for table in TABLES:
        for key in sorted(set(en[table]) ^ set(zh[table])):
            problems.append(f"{table}.{key} is in one language only")
        for key in sorted(set(en[table]) & set(zh[table])):
            if placeholders(en[table][key]) != placeholders(zh[table][key]):
                problems.append(f"{table}.{key}: placeholders differ")
            # An entry of placeholders and punctuation alone ("{label}: {value}") has no words.
            if (re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", en[table][key]))
                    and not CJK.search(zh[table][key])):
                problems.append(f"{table}.{key} is not translated")
    return problems


def test_both_languages_have_the_same_entries_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh-TW")
    assert en["hints"] and en["messages"] and en["ui"] and en["tasks"]
    assert parity_problems(en, zh) == []


def test_every_hint_the_code_uses_is_in_the_catalogue() -> None:
    used = set()
    for path in (PROJECT_ROOT / "labverify").rglob("*.py"):
        used |= set(USED.findall(path.read_text(encoding="utf-8")))
    roles = {"roles.{role.scope}"}
    assert used - roles, "no hint() call found"
    keys = set(catalogue("en")["hints"])
    assert (used - roles) <= keys, sorted((used - roles) - keys)
    assert {"roles.account", "roles.subscription"} <= keys


def test_a_hint_renders_in_each_language() -> None:
    h = hint("resource.sku", sku="S0")
    assert h == "Choose Pricing tier: Standard S0 when you create the resource."
    zh = h.to("zh-TW")
    assert zh == render("hints", h.key, h.params, "zh-TW")
    assert "S0" in zh and CJK.search(zh) and zh != h


def test_a_broken_catalogue_is_located(tmp_path, monkeypatch) -> None:
    from labverify import catalogue as module
    from labverify.errors import LocatedError

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "hints.toml").write_text('[hints]\n"a.b" = 3\n', encoding="utf-8")
    monkeypatch.setattr(module, "CATALOGUE_DIR", tmp_path)
    catalogue.cache_clear()
    try:
        with pytest.raises(LocatedError) as err:
            catalogue("en")
        assert err.value.line == 2 and "must be text" in str(err.value)
    finally:
        catalogue.cache_clear()
    assert CATALOGUE_DIR.name == "catalogue"


def test_every_fail_of_every_session_has_a_hint_in_traditional_chinese() -> None:
    seen = 0
    for session in bundled_sessions():
        for r in results(SESSIONS / session):
            if r.verdict.value != "fail":
                continue
            seen += 1
            assert r.hint_key, f"{session} {r.check_id} fails without a catalogued hint"
            assert CJK.search(r.localized_hint("zh-TW")), (session, r.check_id)
    assert seen > 100


PINNED = PROJECT_ROOT / "tests" / "session_hints.toml"


def test_every_scenario_that_does_not_pass_keeps_its_verdict_and_hint() -> None:
    import tomllib

    pinned = tomllib.loads(PINNED.read_text(encoding="utf-8"))["sessions"]
    seen = {}
    for session in bundled_sessions():
        got = {r.check_id: f"{r.verdict.value} {r.hint_key or '-'}"
               for r in results(SESSIONS / session) if r.verdict.value != "pass"}
        if got:
            seen[session] = got
    assert seen == pinned


def test_every_hint_of_a_scenario_that_does_not_pass_is_catalogued() -> None:
    """Could-not-verify and in-progress included: no student-facing text outside the catalogue."""
    keys = set(catalogue("en")["hints"])
    for session in bundled_sessions():
        for r in results(SESSIONS / session):
            if r.verdict.value in ("pass", "skipped"):
                continue
            assert r.hint_key in keys, (session, r.check_id, r.hint)
            assert r.hint == render("hints", r.hint_key, r.hint_params, "en")


def _catalogue_in(tmp_path, monkeypatch, files: dict[str, str]):
    from labverify import catalogue as module

    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(module, "CATALOGUE_DIR", tmp_path)
    catalogue.cache_clear()


def test_a_key_in_two_files_of_a_language_is_located(tmp_path, monkeypatch) -> None:
    from labverify.errors import LocatedError

    _catalogue_in(tmp_path, monkeypatch, {"en/a.toml": '[messages]\n"x.y" = "one"\n',
                                          "en/b.toml": '[ui]\n"z" = "z"\n[messages]\n"x.y" = "two"\n'})
    try:
        with pytest.raises(LocatedError) as err:
            catalogue("en")
        assert err.value.line == 4 and "also in a.toml" in str(err.value)
    finally:
        catalogue.cache_clear()


def test_an_unknown_table_or_a_bad_template_is_located(tmp_path, monkeypatch) -> None:
    from labverify.errors import LocatedError

    for text, words in (('[hint]\n"a" = "b"\n', "unknown table [hint]"),
                        ('[ui]\n"a" = "{oops"\n', "not a valid template")):
        _catalogue_in(tmp_path, monkeypatch, {"en/a.toml": text})
        try:
            with pytest.raises(LocatedError, match=re.escape(words)):
                catalogue("en")
        finally:
            catalogue.cache_clear()


def test_removing_one_zh_tw_entry_fails_the_parity_test() -> None:
    en, zh = catalogue("en"), catalogue("zh-TW")
    for table in TABLES:
        for key in list(zh[table])[:3]:
            fewer = {t: {k: v for k, v in entries.items() if (t, k) != (table, key)}
                     for t, entries in zh.items()}
            assert f"{table}.{key} is in one language only" in parity_problems(en, fewer)
    untranslated = {t: dict(entries) for t, entries in zh.items()}
    untranslated["ui"]["label.fail"] = en["ui"]["label.fail"]
    assert "ui.label.fail is not translated" in parity_problems(en, untranslated)
