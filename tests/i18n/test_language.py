"""Choosing the language: --lang, then LABVERIFY_LANG, then the system locale, then English."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labverify.cli import main
from labverify.errors import LabverifyError
from labverify.language import choose, from_locale, parse, system_locale
from labverify.paths import PROJECT_ROOT

SESSIONS = PROJECT_ROOT / "cassettes"


@pytest.mark.parametrize("name", ["zh_TW.UTF-8", "zh_TW", "zh-TW", "zh_Hant", "zh-Hant-TW",
                                  "Chinese (Traditional)_Taiwan", "Chinese_Taiwan.950",
                                  "zh_HK.UTF-8"])
def test_a_traditional_chinese_locale_reads_zh_tw(name: str) -> None:
    assert from_locale(name) == "zh-TW"
    assert choose(None, environ={}, system=lambda: name).lang == "zh-TW"
    assert choose(None, environ={}, system=lambda: name).source == "system locale"


@pytest.mark.parametrize("name", ["en_US.UTF-8", "zh_CN.UTF-8", "zh-Hans-CN",
                                  "Chinese (Simplified)_China", "de_DE", "fr"])
def test_any_other_locale_reads_english(name: str) -> None:
    assert from_locale(name) == "en"


def test_no_locale_is_english_by_default() -> None:
    for name in (None, "", "C", "POSIX"):
        choice = choose(None, environ={}, system=lambda name=name: name)
        assert (choice.lang, choice.source) == ("en", "default")


def test_lang_beats_the_variable_which_beats_the_locale() -> None:
    env = {"LABVERIFY_LANG": "en"}
    zh = lambda: "zh_TW.UTF-8"  # noqa: E731
    assert choose("zh-TW", environ=env, system=zh) == choose("zh-TW", environ={}, system=zh)
    assert choose("zh-TW", environ=env, system=zh).source == "--lang"
    assert (choose(None, environ=env, system=zh).lang, choose(None, environ=env,
            system=zh).source) == ("en", "LABVERIFY_LANG")
    assert choose(None, environ={"LABVERIFY_LANG": "zh_tw"}, system=lambda: None).lang == "zh-TW"


def test_posix_locale_variables_are_read_in_their_order() -> None:
    assert system_locale({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}) == "zh_TW.UTF-8"
    assert system_locale({"LANG": "zh_TW.UTF-8", "LC_MESSAGES": "en_GB"}) == "en_GB"
    assert system_locale({"LANG": "zh_TW.UTF-8"}) == "zh_TW.UTF-8"


def test_a_bad_language_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'fr' is not a language"):
        parse("fr")
    with pytest.raises(LabverifyError, match="LABVERIFY_LANG"):
        choose(None, environ={"LABVERIFY_LANG": "klingon"})


def _labverify(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("labverify")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "labverify.cli"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          check=False, encoding="utf-8")


def _env(**extra: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("LABVERIFY_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**env, **extra}


def test_the_command_follows_the_variable_and_the_locale(tmp_path: Path) -> None:
    by_var = _labverify("grade", "t1-wrong-region", "--tasks", "1", "--json", "v.json",
                        env=_env(LABVERIFY_LANG="zh-TW"), cwd=tmp_path)
    assert by_var.returncode == 1, by_var.stderr
    assert "分數：" in by_var.stdout and "Score:" not in by_var.stdout
    assert json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["extra_data"][
        "lang"] == "zh-TW"
    by_locale = _labverify("grade", "t1-wrong-region", "--tasks", "1",
                           env=_env(LC_ALL="zh_TW.UTF-8"), cwd=tmp_path)
    assert "分數：" in by_locale.stdout
    english = _labverify("grade", "t1-wrong-region", "--tasks", "1", "--lang", "en",
                         env=_env(LC_ALL="zh_TW.UTF-8", LABVERIFY_LANG="zh-TW"), cwd=tmp_path)
    assert "Score:" in english.stdout and "分數" not in english.stdout


def test_a_bad_variable_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _labverify("grade", env=_env(LABVERIFY_LANG="fr"), cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.strip()] == [
        "error: environment variable LABVERIFY_LANG: 'fr' is not a language labverify speaks; "
        "use one of en, zh-TW"]


def test_a_bad_lang_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--lang", "jp"]) == 2
    assert "'jp' is not a language" in capsys.readouterr().err


def test_a_roster_row_chooses_its_student_s_language(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SESSIONS / "t1-wrong-region", tmp_path / "s" / "t1-wrong-region")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,session,lang\n"
                      "ann,s/t1-wrong-region,zh-TW\n"
                      "bob,s/t1-wrong-region,\n"
                      "cy,s/t1-wrong-region,fr\n", encoding="utf-8")
    out = tmp_path / "grades"
    code = main(["grade", "--roster", str(roster), "--out", str(out), "--tasks", "1",
                 "--lang", "en"])
    assert code == 1  # cy's row is refused, the others are graded
    assert f"{roster}:4: lang: 'fr' is not a language" in capsys.readouterr().err
    ann = json.loads((out / "students" / "ann" / "results.json").read_text(encoding="utf-8"))
    bob = json.loads((out / "students" / "bob" / "results.json").read_text(encoding="utf-8"))
    assert ann["extra_data"]["lang"] == "zh-TW" and bob["extra_data"]["lang"] == "en"
    assert ann["output"].startswith("分數：") and bob["output"].startswith("Score:")
    # The zh-TW features ran for ann: her scenario names are the zh-TW ones.
    assert all(any("\u4e00" <= c <= "\u9fff" for c in t["name"]) for t in ann["tests"])
    assert not any(any("\u4e00" <= c <= "\u9fff" for c in t["name"]) for t in bob["tests"])


def test_the_bundled_session_passes_in_zh_tw_with_the_zh_tw_features(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from labverify.paths import FEATURES_ZH_DIR

    assert main(["grade", "--lang", "zh-TW", "--json", str(tmp_path / "r.json")]) == 0
    out = capsys.readouterr().out
    assert "分數：95.00 / 95.00" in out
    assert "Score" not in out and "pass" not in out.split()
    names = {line.split(":", 1)[1].strip() for path in FEATURES_ZH_DIR.glob("*.feature")
             for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip().startswith("場景:")}
    tests = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["tests"]
    assert len(tests) > 30
    # Every scenario graded is a zh-TW feature's: "任務 N：<scenario name>".
    assert all(t["name"].split("：", 1)[1] in names for t in tests), [t["name"] for t in tests]
