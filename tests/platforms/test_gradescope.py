"""The Gradescope bundle: run_autograder grades a handed-in pack into a valid results file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from labverify.cli import main
from labverify.paths import PACKAGE_DIR, SESSIONS_DIR
from labverify.report.gradescope import gradescope_problems

BUNDLE = PACKAGE_DIR.parent / "examples" / "gradescope"
SCHEMA = json.loads((PACKAGE_DIR / "schemas" / "results.schema.json").read_text(encoding="utf-8"))


def autograder(tmp_path: Path) -> Path:
    """A folder laid out as Gradescope lays out /autograder."""
    root = tmp_path / "autograder"
    shutil.copytree(BUNDLE, root / "source")
    (root / "submission").mkdir()
    return root


def run_autograder(root: Path) -> subprocess.CompletedProcess[str]:
    labverify = Path(sys.executable).with_name("labverify")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "LABVERIFY": str(labverify)}
    return subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=300)


def student_pack(tmp_path: Path, name: str, recorded_on_their_machine: bool) -> Path:
    session = tmp_path / "made" / "my-session"
    shutil.copytree(SESSIONS_DIR / name, session)
    if recorded_on_their_machine:
        meta = json.loads((session / "session.json").read_text(encoding="utf-8"))
        meta["origin"] = "live"
        (session / "session.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    out = tmp_path / "made" / "my-session.zip"
    assert main(["pack", str(session), "--out", str(out)]) == 0
    return out


@pytest.mark.skipif(shutil.which("bash") is None, reason="Gradescope runs bash")
def test_a_handed_in_pack_becomes_gradescope_results(tmp_path: Path) -> None:
    root = autograder(tmp_path)
    shutil.copy(student_pack(tmp_path, "t1-wrong-region", True), root / "submission")
    done = run_autograder(root)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert gradescope_problems(doc) == []
    region = next(t for t in doc["tests"] if t["extra_data"]["check"] == "t1-region")
    assert region["status"] == "failed" and "eastus" in region["output"]
    assert doc["extra_data"]["student"] == "my-session"
    # What a student's own recording is worth, said to whoever reads the results.
    assert any("recorded on the student's machine" in n for n in doc["extra_data"]["notes"])
    assert "recorded on the student's machine" in doc["output"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="Gradescope runs bash")
def test_a_session_folder_handed_in_as_is_is_graded_too(tmp_path: Path) -> None:
    root = autograder(tmp_path)
    shutil.copytree(SESSIONS_DIR / "complete", root / "submission" / "work" / "complete")
    assert run_autograder(root).returncode == 0
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["score"] == doc["max_score"] == 95


@pytest.mark.skipif(shutil.which("bash") is None, reason="Gradescope runs bash")
def test_an_empty_submission_says_what_to_hand_in(tmp_path: Path) -> None:
    root = autograder(tmp_path)
    assert run_autograder(root).returncode == 0
    doc = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    assert gradescope_problems(doc) == [] and doc["score"] == 0
    assert "labverify pack" in doc["output"]


def test_a_pack_that_was_changed_after_packing_is_refused(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    pack = student_pack(tmp_path, "complete", False)
    changed = tmp_path / "changed.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(changed, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("arm/accounts.yaml"):
                data = data.replace(b"northcentralus", b"eastus")
            target.writestr(info, data)
    assert main(["grade", str(changed)]) == 2
    assert "do not match the digest" in capsys.readouterr().err


@pytest.mark.parametrize("member", ["../escape.txt", "/etc/passwd", "other/session.json"])
def test_a_pack_with_a_member_outside_its_session_is_refused(
        tmp_path: Path, member: str, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    pack = student_pack(tmp_path, "complete", False)
    with zipfile.ZipFile(pack, "a") as archive:
        archive.writestr(member, "x")
    assert main(["grade", str(pack)]) == 2
    assert "lies outside the session folder" in capsys.readouterr().err
    assert not (tmp_path / "escape.txt").exists()


def test_packing_is_byte_identical_and_round_trips(tmp_path: Path) -> None:
    first = student_pack(tmp_path / "a", "t1-wrong-sku", False)
    second = student_pack(tmp_path / "b", "t1-wrong-sku", False)
    assert first.read_bytes() == second.read_bytes()
    results = tmp_path / "r.json"
    assert main(["grade", str(first), "--tasks", "1", "--json", str(results)]) == 1
    doc = json.loads(results.read_text(encoding="utf-8"))
    assert doc["extra_data"]["provenance"]["session"] == "my-session"


def test_a_pack_that_unpacks_to_far_more_than_it_holds_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    pack = student_pack(tmp_path, "complete", False)
    with zipfile.ZipFile(pack, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-session/local/bomb.bin", b"\0" * (8 << 20))
    assert main(["grade", str(pack)]) == 2
    assert "that is no session file" in capsys.readouterr().err


def test_a_pack_holding_a_link_is_refused(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    import stat
    import zipfile

    pack = student_pack(tmp_path, "complete", False)
    with zipfile.ZipFile(pack, "a") as archive:
        link = zipfile.ZipInfo("my-session/local/link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert main(["grade", str(pack)]) == 2
    assert "is not a plain file" in capsys.readouterr().err
