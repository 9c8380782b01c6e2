"""A broken recorded session: each scenario that needs the broken part is ``error`` with a
message naming the file and what is wrong; the rest still grade; nothing is changed on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from labverify.cli import main

from .conftest import OWN_FAULT, replay, snapshot

KEYS = "arm/list-keys.yaml"  # read by t3-keys alone


def _broken(outcome_results: list, cassette: Path) -> dict[str, str]:
    """check -> message of every non-pass, asserting each names ``cassette``."""
    broken = {r.check_id: r.message for r in outcome_results if r.verdict.value != "pass"}
    for result in outcome_results:
        if result.verdict.value != "pass":
            assert result.verdict.value == "error", (result.check_id, result.message)
            assert str(cassette) in result.message, result.message
            assert OWN_FAULT not in result.hint, result.message
    return broken


def test_a_cassette_of_yaml_garbage_is_an_error_naming_it(
        session_copy: Callable[[], Path]) -> None:
    session = session_copy()
    cassette = session / "arm" / "role-assignments.yaml"
    cassette.write_bytes(b"interactions: [\n  - {request: ::: }}}\n\x00\x01 garbage")
    before = snapshot(session)
    outcome = replay(session, "1,2")
    broken = _broken(outcome.results, cassette)
    assert set(broken) == {"t2-openai-contributor", "t2-openai-user", "t2-contributor",
                           "t2-usages-reader"}  # task 1 does not need it and still passes
    assert all("corrupt" in message for message in broken.values())
    assert snapshot(session) == before


def test_a_cassette_cut_off_in_a_string_is_an_error_naming_it(
        session_copy: Callable[[], Path]) -> None:
    session = session_copy()
    cassette = session / "arm" / "accounts.yaml"
    data = cassette.read_bytes()
    cassette.write_bytes(data[:len(data) // 2])
    before = snapshot(session)
    broken = _broken(replay(session, "1").results, cassette)
    assert len(broken) == 7 and all("corrupt" in m for m in broken.values())
    assert snapshot(session) == before


def _cut_points(data: bytes) -> list[int]:
    """Cuts inside the recorded interaction, at line ends and mid-line; none leaves it whole
    (the last lines, the response status and ``version: 1``, are spared)."""
    lines = data.splitlines(keepends=True)
    ends = [sum(len(line) for line in lines[:n]) for n in range(1, len(lines) - 6)]
    middles = [len(data) * i // 10 for i in range(1, 8)]
    return sorted(set(ends[:: max(1, len(ends) // 6)] + middles))


RECORDER_CHANGE = ("labverify/recording/recorder.py only turns yaml.YAMLError into a "
                   "'cassette ... is corrupt' error; a cut that leaves valid YAML gives "
                   "TypeError/KeyError/AttributeError from vcrpy (see report)")


def test_a_cassette_cut_off_anywhere_is_an_error_naming_it(
        session_copy: Callable[[], Path]) -> None:
    original = session_copy()
    data = (original / KEYS).read_bytes()
    problems = []
    for cut in _cut_points(data):
        session = session_copy()
        (session / KEYS).write_bytes(data[:cut])
        got = {r.check_id: r for r in replay(session, "3").results}
        keys = got["t3-keys"]
        if keys.verdict.value != "error" or str(session / KEYS) not in keys.message \
                or OWN_FAULT in keys.hint:
            problems.append(f"cut at {cut}: {keys.verdict.value}: {keys.message}")
        assert got["t3-endpoint"].verdict.value == "pass"
    assert not problems, "\n".join(problems)


def test_a_cassette_that_is_yaml_but_not_a_cassette_is_an_error_naming_it(
        session_copy: Callable[[], Path]) -> None:
    session = session_copy()
    (session / KEYS).write_text("just a string, not a cassette\n", encoding="utf-8")
    _broken(replay(session, "3").results, session / KEYS)


def test_a_missing_cassette_is_an_error_naming_it_and_how_to_record_it(
        session_copy: Callable[[], Path]) -> None:
    session = session_copy()
    cassette = session / "openai" / "files.yaml"
    cassette.unlink()
    outcome = replay(session, "3,7")
    broken = _broken(outcome.results, cassette)
    assert set(broken) == {"t7-training-file", "t7-validation-file", "t7-job-inputs",
                           "t7-job-succeeded", "t7-fine-tuned-model"}
    assert all("no cassette" in message for message in broken.values())
    assert all("labverify synth" in r.hint for r in outcome.results if r.check_id in broken)
    assert not cassette.exists()  # replay never records


def test_a_session_without_session_json_is_named_by_the_command(
        session_copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]) -> None:
    session = session_copy()
    (session / "session.json").unlink()
    before = snapshot(session)
    assert main(["grade", str(session), "--tasks", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{session / 'session.json'}: missing" in err and "Traceback" not in err
    assert snapshot(session) == before


def test_a_session_without_session_json_stops_pytest_before_any_scenario(
        session_copy: Callable[[], Path], capsys: pytest.CaptureFixture[str]) -> None:
    session = session_copy()
    (session / "session.json").unlink()
    outcome = replay(session, "1")
    # A usage error naming the file, rather than a verdict on every scenario.
    assert outcome.exit_code == pytest.ExitCode.USAGE_ERROR and outcome.results == []
    err = capsys.readouterr().err
    assert f"{session / 'session.json'}: missing" in err and OWN_FAULT not in err
