"""A canary world and record runs against the Azure double that try hard to leak its secrets.

Each run is a separate process, as a grader runs it: pytest on the lab's steps with
``--showlocals -l --tb=long`` and DEBUG logging, or the ``labverify grade`` command writing a
results file. ``leaky_plugin`` plants a canary token and makes reads fail deep inside the SDKs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from labverify.paths import PROJECT_ROOT

WORLDS = PROJECT_ROOT / "fixtures" / "worlds"
LABFILES = PROJECT_ROOT / "fixtures" / "labfiles" / "complete"

SUBSCRIPTION = "c0ffee00-1111-4222-8333-444455556666"
TENANT = "c0ffee00-7777-4888-9999-aaaabbbbcccc"
PRINCIPAL = "c0ffee00-dddd-4eee-8fff-000011112222"
KEY1 = "ca4a7e11ca4a7e11ca4a7e11ca4a7e11"
KEY2 = "ca4a7e22ca4a7e22ca4a7e22ca4a7e22"
TOKEN = "eyJhbGciOiJub25lIn0.Y2FuYXJ5LXRva2Vu.canarysig"
CLIENT_SECRET = "canary-client-secret-9f8e7d"
STUDENT_KEY = "ca4a7e33ca4a7e33ca4a7e33ca4a7e33"
SAS_SIGNATURE = "c4n4ryS4Ssig7Qx9Lm2Wv8Rt"

# Every secret kind, and the parts of the token that would still identify it if cut up.
# A fragment this long of any of them counts as a leak: pytest shortens long values to
# "head...tail", and half a key is most of a key.
FRAGMENT = 12
CANARIES = {
    "subscription id": SUBSCRIPTION, "tenant id": TENANT, "principal id": PRINCIPAL,
    "API key 1": KEY1, "API key 2": KEY2, "bearer token": TOKEN,
    "bearer token payload": "Y2FuYXJ5LXRva2Vu", "client secret": CLIENT_SECRET,
    "student's API key": STUDENT_KEY, "SAS signature": SAS_SIGNATURE,
}

LEAKY = "tests.secrets.leaky_plugin"
GUARD = "labverify.secrets_guard"
RUN_TIMEOUT = 300


def canary_world(path: Path) -> Path:
    sas_url = ("https://canarystore.blob.core.windows.net/results/training.csv"
               f"?sv=2024-08-04&sr=b&sp=r&sig={SAS_SIGNATURE}")
    path.write_text(f'''
base = "{(WORLDS / "complete.toml").as_posix()}"
[world]
subscription_id = "{SUBSCRIPTION}"
tenant_id = "{TENANT}"
principal_id = "{PRINCIPAL}"
[[accounts]]
name = "AzureOpenAI-Finetune21"
created = "2026-11-20T08:00:00Z"
key1 = "{KEY1}"
key2 = "{KEY2}"
[[files]]
id = "file-3c9f0a1b2d4e4f6081a2b3c4d5e6f708"
filename = "training_set.jsonl"
bytes = 2696
created_at = 1795162800
status_details = "Validated; copy kept at {sas_url}"
[[files]]
id = "file-7d1e2f3a4b5c4d6e8f9a0b1c2d3e4f50"
filename = "validation_set.jsonl"
bytes = 2632
created_at = 1795162860
[machine]
labfiles = "{LABFILES.as_posix()}"
''', encoding="utf-8")
    return path


@dataclass
class Run:
    output: str
    session: Path
    log: Path | None = None
    results: Path | None = None

    def session_texts(self) -> dict[str, str]:
        """Every file of the recorded session (cassettes, session.json, machine facts)."""
        return {str(path): path.read_bytes().decode("utf-8", errors="replace")
                for path in sorted(self.session.rglob("*")) if path.is_file()}


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "AZURE_"))}
    env.update(LABVERIFY_CANARY_TOKEN=TOKEN, AZURE_CLIENT_SECRET=CLIENT_SECRET,
               AZURE_OPENAI_API_KEY=STUDENT_KEY, PYTHONDONTWRITEBYTECODE="1", **extra)
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=RUN_TIMEOUT, check=False)
    return done.stdout + done.stderr


def record_run_with_pytest(workdir: Path, world: Path, *, guarded: bool) -> Run:
    """The lab's steps in record mode, failing, with everything pytest can show."""
    session, log = workdir / "session", workdir / "log.txt"
    plugins = ["-p", LEAKY] + (["-p", GUARD] if guarded else ["-p", f"no:{GUARD}"])
    output = _run([sys.executable, "-m", "pytest", str(PROJECT_ROOT / "steps"),
                   "-p", "no:cacheprovider", *plugins, "--lab-mode=record",
                   f"--lab-session={session}", f"--lab-world={world}", "--lab-tasks=all",
                   "--showlocals", "-l", "--tb=long", "-rA", "--log-level=DEBUG",
                   f"--log-file={log}", "--log-file-level=DEBUG"], _environment())
    return Run(output=output, session=session, log=log)


def cli_record_run(workdir: Path, world: Path) -> Run:
    """``labverify grade --record ... --json``: the results file a grader hands out."""
    session, results = workdir / "session", workdir / "results.json"
    env = _environment(PYTEST_PLUGINS=f"{LEAKY},{GUARD}",
                       PYTEST_ADDOPTS="--showlocals --log-level=DEBUG")
    output = _run([sys.executable, "-m", "labverify.cli", "grade", "--record", str(session),
                   "--world", str(world), "--tasks", "all", "--json", str(results)], env)
    return Run(output=output, session=session, results=results)


def fragments(canary: str) -> set[str]:
    size = min(FRAGMENT, len(canary))
    return {canary[i:i + size].lower() for i in range(len(canary) - size + 1)}


def leaks(texts: dict[str, str]) -> list[str]:
    """Where any canary, or any FRAGMENT characters of one, shows."""
    found = []
    for where, text in texts.items():
        lowered = text.lower()
        for kind, canary in CANARIES.items():
            shown = sorted(f for f in fragments(canary) if f in lowered)
            if shown:
                found.append(f"{kind} ({canary}) in {where}: {shown[0]!r}")
    return found


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return canary_world(tmp_path_factory.mktemp("world") / "canary.toml")


@pytest.fixture(scope="module")
def unguarded_run(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return record_run_with_pytest(tmp_path_factory.mktemp("unguarded"), world, guarded=False)


@pytest.fixture(scope="module")
def guarded_run(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return record_run_with_pytest(tmp_path_factory.mktemp("guarded"), world, guarded=True)


@pytest.fixture(scope="module")
def cli_run(world: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    return cli_record_run(tmp_path_factory.mktemp("cli"), world)
