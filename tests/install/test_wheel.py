"""Installable anywhere: the wheel carries the lab, and every command runs from an empty folder,
offline, in a fresh virtual environment that has no checkout behind it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from labverify.paths import FIXTURES_DIR, PACKAGE_DIR

REPO = PACKAGE_DIR.parent
# Built by .ci/run from requirements.lock, so that a fresh environment installs offline.
WHEELHOUSE = Path(os.environ.get("LABVERIFY_WHEELHOUSE", REPO / ".wheelhouse"))
SKIP = {".git", ".venv", ".ci-venv", ".wheelhouse", "build", "grades", "__pycache__"}
# Runs a labverify command in a network namespace of its own: no network at all.
OFFLINE = shutil.which("unshare") if sys.platform.startswith("linux") else None
RUN = ("import sys; from labverify.recording.loopback import ensure_loopback_up; "
       "ensure_loopback_up(); from labverify.cli import main; sys.exit(main(sys.argv[1:]))")
RUN_PYTEST = ("import sys, pytest; from labverify.recording.loopback import ensure_loopback_up; "
              "ensure_loopback_up(); sys.exit(pytest.main(sys.argv[1:]))")


def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in SKIP or n.endswith(".egg-info")}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding labverify's wheel and the locked dependencies; its python."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_ignore)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "-w", str(root / "dist"), str(source)],
                   check=True, capture_output=True, text=True)
    (wheel,) = (root / "dist").glob("labverify-*.whl")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-index"]
    if WHEELHOUSE.is_dir():
        subprocess.run([*pip, "--find-links", str(WHEELHOUSE), "-r", str(REPO / "requirements.lock")],
                       check=True)
    else:
        # No wheelhouse (a developer's machine): the dependencies this interpreter already has,
        # through a path file; labverify itself still comes from the wheel alone.
        site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                                    "get_paths()['purelib'])"], capture_output=True, text=True,
                                   check=True).stdout.strip())
        (site / "_labverify_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n",
                                                      encoding="utf-8")
    subprocess.run([*pip, "--no-deps", str(wheel)], check=True)
    return python


def run(python: Path, cwd: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(python), "-c", code, *args]
    if OFFLINE:
        command = [OFFLINE, "-rn", *command]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("args, code, words", [
    (["--version"], 0, "labverify 0.1.0"),
    (["grade"], 0, "Score: 95.00 / 95.00"),
    (["grade", "t1-wrong-region", "--tasks", "1"], 1, "region"),
    # The zh-TW features and catalogue are in the wheel: the scenario name is the zh-TW one.
    (["grade", "t1-wrong-region", "--tasks", "1", "--lang", "zh-TW"], 1, "區域是實驗要求的區域"),
    (["grade", "--live", "--world", "complete", "--tasks", "1-3"], 0, "Score: 40.00 / 40.00"),
    (["synth", "t1-wrong-sku", "--out", "session"], 0, "2 fail"),
    (["data", "training_set.jsonl"], 0, "training_set.jsonl"),
    # The bundled class and its worlds are in the wheel.
    (["watch", "--roster", "afternoon", "--rounds", "1", "--every", "0", "--clock",
      "2026-11-20T15:00:00Z", "--tasks", "1", "--jobs", "1", "--out", "watched"], 0,
     "Round 1 (2026-11-20T15:00:00Z)"),
])
def test_every_command_runs_from_the_wheel_in_an_empty_folder(
        installed: Path, tmp_path: Path, args: list[str], code: int, words: str) -> None:
    shutil.copyfile(FIXTURES_DIR / "labfiles" / "complete" / "training_set.jsonl",
                    tmp_path / "training_set.jsonl")
    done = run(installed, tmp_path, RUN, *args)
    assert done.returncode == code, done.stdout + done.stderr
    assert words in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if args[0] == "synth":
        assert (tmp_path / "session" / "session.json").is_file()
        # The session it wrote grades from the wheel too.
        again = run(installed, tmp_path, RUN, "grade", "session", "--tasks", "1")
        assert again.returncode == 1 and "pricing tier" in again.stdout


def test_nothing_is_read_from_a_checkout(installed: Path, tmp_path: Path) -> None:
    done = run(installed, tmp_path, "import labverify.paths as p; print(p.CONTENT_ROOT, "
                                    "p.IN_CHECKOUT)")
    root, in_checkout = done.stdout.split()
    assert in_checkout == "False" and "site-packages" in root and str(REPO) not in root


def test_pytest_grades_the_lab_in_a_project_of_its_own(installed: Path, tmp_path: Path) -> None:
    project = tmp_path / "author-project"
    project.mkdir()
    (project / "test_mine.py").write_text("def test_mine():\n    assert True\n", encoding="utf-8")
    lab = run(installed, project, RUN_PYTEST, "--lab-mode", "replay", "--lab-session",
              "t1-wrong-sku", "--lab-tasks", "1", "-q", "-p", "no:cacheprovider")
    assert lab.returncode == 1, lab.stdout + lab.stderr  # the session's wrong SKU fails
    assert "6 passed" in lab.stdout and "1 failed" in lab.stdout
    assert "fail: AzureOpenAI-Finetune21 has pricing tier 'F0'" in lab.stdout
    # The same project's own tests, without --lab-*: labverify stays out of the way.
    own = run(installed, project, RUN_PYTEST, "-q", "-p", "no:cacheprovider")
    assert own.returncode == 0 and "1 passed" in own.stdout, own.stdout + own.stderr
