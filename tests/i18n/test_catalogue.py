"""The catalogue: data files, one folder per language, with the same keys and placeholders."""

from __future__ import annotations

import re

import pytest

from labverify.catalogue import TABLES, catalogue, hint, placeholders, render
from labverify.paths import CATALOGUE_DIR, PROJECT_ROOT

from ..sessions import SESSIONS, bundled_sessions, results

CJK = re.compile(r"[\u4e00-\u9fff]")
USED = re.compile(r'hint\(f?"([a-z_]+\.[a-z_{}.]+)"')


def test_both_languages_have_the_same_entries_and_placeholders() -> None:
    en, zh = catalogue("en"), catalogue("zh-TW")
    for table in TABLES:
        assert set(en[table]) == set(zh[table]), table
        for key in en[table]:
            assert placeholders(en[table][key]) == placeholders(zh[table][key]), key
            assert CJK.search(zh[table][key]), f"{table}.{key} is not translated"
    assert en["hints"] and en["messages"] and en["ui"] and en["tasks"]


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
    assert h.to("zh-TW") == render("hints", h.key, h.params, "zh-TW") == "建立資源時，Pricing tier 請選 Standard S0。"


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
