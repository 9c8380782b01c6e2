"""Every generated bad input: the documented exit code, one located message, nothing harmed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from labverify.cli import main

from .cases import Case, all_cases

CASES = all_cases()

MINIMUM_CASES = 150


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root``: a file's bytes, None for a folder."""
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


def test_the_generator_covers_every_entry_point() -> None:
    kinds = Counter(c.kind for c in CASES)
    assert len(CASES) >= MINIMUM_CASES, kinds
    for kind in ("config", "world", "session", "machine", "cassette", "roster", "waivers",
                 "gradebook", "results", "data", "argument", "output"):
        assert kinds[kind] >= 3, (kind, kinds)
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_generated_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "case"
    root.mkdir()
    setup = case.build(root)
    monkeypatch.chdir(root)  # anything written by default would land here, and be seen
    monkeypatch.setenv("COLUMNS", "250")  # reports drawn with rich keep a path on one line
    before = tree(root)
    code = main(setup.argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    message = setup.message_in.read_text(encoding="utf-8") if setup.message_in else out + err
    assert code == setup.code, f"exit {code}, expected {setup.code}:\n{out}{err}"
    assert setup.names in message, f"the message does not name {setup.names!r}:\n{message}"
    assert setup.words in message, f"the message does not say {setup.words!r}:\n{message}"
    if setup.code == 2:
        # One line on standard error names the place, whatever else is printed.
        assert any(setup.names in line for line in err.splitlines()), err
    after = tree(root)
    declared = [o.relative_to(root).as_posix() for o in setup.outputs]

    def ours(name: str) -> bool:
        return any(name == d or name.startswith(d + "/") for d in declared)

    # Every input byte-identical; nothing new but a declared output; no partial output.
    assert {k: v for k, v in after.items() if not ours(k)} == \
        {k: v for k, v in before.items() if not ours(k)}
