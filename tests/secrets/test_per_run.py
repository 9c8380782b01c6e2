"""Secrets held in memory are per run: one student's never reach the next one's grading."""

from __future__ import annotations

from pathlib import Path

from labverify import secrets
from labverify.grading import GradeRequest, run_scenarios
from labverify.paths import WORLDS_DIR

from . import peek_plugin

KEY_A = "0f1e2d3c4b5a69780f1e2d3c4b5a6978"  # complete.toml's key1
KEY_B = "b0b0b0b0c1c1c1c1d2d2d2d2e3e3e3e3"


def _other_student(tmp_path: Path) -> Path:
    world = tmp_path / "bob.toml"
    world.write_text(f'base = "{(WORLDS_DIR / "complete.toml").as_posix()}"\n'
                     '[[accounts]]\nname = "AzureOpenAI-Finetune21"\n'
                     f'key1 = "{KEY_B}"\nkey2 = "{KEY_B[::-1]}"\n', encoding="utf-8")
    return world


def test_each_run_knows_only_its_own_student_s_keys(tmp_path: Path) -> None:
    peek_plugin.SEEN.clear()
    for world in (WORLDS_DIR / "complete.toml", _other_student(tmp_path)):
        outcome = run_scenarios(GradeRequest(mode="live", world=world, tasks="3",
                                             extra_args=["-p", "tests.secrets.peek_plugin"]))
        assert {r.verdict.value for r in outcome.results} == {"pass"}
    first, second = peek_plugin.SEEN
    assert KEY_A in first and KEY_B not in first
    assert KEY_B in second and KEY_A not in second  # the first student's key is gone
    # And nothing of either outlives its run.
    assert not {KEY_A, KEY_B} & secrets.known_values()


def test_a_scope_drops_what_it_learnt_and_restores_the_one_before() -> None:
    secrets.remember("outer-secret-value-123")
    with secrets.run_scope():
        secrets.remember("inner-secret-value-456")
        assert secrets.scrub("inner-secret-value-456") == secrets.REDACTED
        assert "outer-secret-value-123" not in secrets.known_values()
    assert "inner-secret-value-456" not in secrets.known_values()
    assert "outer-secret-value-123" in secrets.known_values()
