"""Bad configs and options: a located error, a note, or a verdict that says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from labverify.cli import main
from labverify.config import DEFAULT_CONFIG
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import BUNDLED_SESSION

from .conftest import WORLDS, replay, snapshot

USAGE_ERROR = 4  # pytest's exit code for bad options


def _variant(tmp_path: Path, old: str, new: str, name: str = "variant.toml") -> Path:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_session_recorded_under_another_config_gets_a_note_and_its_verdicts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _variant(tmp_path, 'region = "northcentralus"', 'region = "westeurope"')
    before = snapshot(BUNDLED_SESSION)
    assert main(["grade", "--tasks", "1", "--lab-config", str(config),
                 "--json", str(tmp_path / "r.json")]) == 1
    out = capsys.readouterr().out
    assert "recorded under another lab" in out and "configuration" in out
    # The checks use the config given: the recorded region is now the wrong one.
    assert "westeurope" in (tmp_path / "r.json").read_text(encoding="utf-8")
    verdicts = {r.check_id: r.verdict.value
                for r in replay(BUNDLED_SESSION, "1", lab_config=config).results}
    assert verdicts["t1-region"] == "fail"
    assert {v for c, v in verdicts.items() if c != "t1-region"} == {"pass"}
    assert snapshot(BUNDLED_SESSION) == before


def test_the_same_config_gets_no_note(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--tasks", "1"]) == 0
    assert "recorded under another lab" not in capsys.readouterr().out


@pytest.mark.parametrize("old, new, where", [
    ("timeout_seconds = 30", "timeout_secods = 30", "grading.timeout_secods: unknown key"),
    ("retries = 3", 'retries = "3"', "grading.retries: must be an integer, not a string"),
    ("[grading]", "[gradng]", "gradng: unknown key (known keys: lab, azure,"),
])
def test_a_config_typo_is_a_located_error(old: str, new: str, where: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    config = _variant(tmp_path, old, new)
    line = 1 + config.read_text(encoding="utf-8").splitlines().index(
        next(t for t in config.read_text(encoding="utf-8").splitlines() if new in t))
    assert main(["grade", "--tasks", "1", "--lab-config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"{config}:{line}: {where}" in err and "Traceback" not in err
    # The same through pytest: a usage error before any scenario runs (on stderr).
    outcome = run_scenarios(GradeRequest(tasks="1", lab_config=config))
    assert outcome.exit_code == USAGE_ERROR and outcome.results == []
    assert f"{config}:{line}: {where}" in capsys.readouterr().err


@pytest.mark.parametrize("tasks, words", [
    ("11", "--tasks: there is no task 11 (the lab has tasks 1-10)"),
    ("0", "--tasks: there is no task 0"),
    ("10-12", "--tasks: there is no task 11"),
    ("3-1", "--tasks: '3-1' is not a task number or range"),
    ("seven", "--tasks: 'seven' is not a task number or range"),
])
def test_an_unknown_task_is_a_usage_error_naming_it(
        tasks: str, words: str, capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_scenarios(GradeRequest(tasks=tasks))
    assert outcome.exit_code == USAGE_ERROR and outcome.results == []
    assert words in capsys.readouterr().err


def _labfiles_world(tmp_path: Path) -> Path:
    # The world states no lab folder of its own, so --labfiles decides where task 6 looks.
    world = tmp_path / "no-labfiles.toml"
    world.write_text(f'base = "{(WORLDS / "complete.toml").as_posix()}"\n'
                     '[machine]\nlabfiles = ""\n', encoding="utf-8")
    return world


def _task6(tmp_path: Path) -> tuple[Path, dict]:
    nowhere = tmp_path / "no" / "such" / "Labfiles"
    outcome = run_scenarios(GradeRequest(mode="live", world=_labfiles_world(tmp_path),
                                         tasks="6", labfiles=nowhere))
    assert not nowhere.exists()  # nothing was created looking for it
    return nowhere, {r.check_id: r for r in outcome.results}


def test_a_lab_folder_that_does_not_exist_fails_task_6_as_missing_files(tmp_path: Path) -> None:
    _, got = _task6(tmp_path)
    files = got["t6-files"]
    assert files.verdict.value == "fail"
    assert "training_set.jsonl file_missing" in files.message
    assert "validation_set.jsonl file_missing" in files.message


def test_the_missing_lab_folder_is_named(tmp_path: Path) -> None:
    nowhere, got = _task6(tmp_path)
    files = got["t6-files"]
    assert str(nowhere) in files.message + str(files.evidence)


def test_no_dataset_check_passes_without_the_dataset(tmp_path: Path) -> None:
    _, got = _task6(tmp_path)
    assert {c: r.verdict.value for c, r in got.items() if r.verdict.value == "pass"} == {}
