"""Shared fixtures for the dataset checks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from labverify.config import DEFAULT_CONFIG, LabConfig, load_config
from labverify.dataset import CheckSettings, settings_from_config

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
SAMPLES = HERE / "samples"


@pytest.fixture(scope="session")
def cfg() -> LabConfig:
    return load_config(None)


@pytest.fixture(scope="session")
def settings(cfg: LabConfig) -> CheckSettings:
    return settings_from_config(cfg)


@pytest.fixture(scope="session")
def settings_35(cfg: LabConfig) -> CheckSettings:
    return settings_from_config(cfg, "gpt-35-turbo-0613")


@pytest.fixture
def config_with(tmp_path: Path) -> Callable[..., Path]:
    """Write a copy of the shipped lab config with some [dataset] values replaced."""

    def write(**dataset: object) -> Path:
        text = DEFAULT_CONFIG.read_text(encoding="utf-8")
        for key, value in dataset.items():
            literal = json.dumps(value)
            text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {literal}".replace("\\", "\\\\"),
                              text, count=1)
            assert n == 1, key
        path = tmp_path / "lab.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def example(i: int, answer: str | None = None) -> dict[str, object]:
    """A valid chat example, distinct for each ``i``."""
    return {"messages": [
        {"role": "system", "content": "Clippy is a factual chatbot that is also sarcastic."},
        {"role": "user", "content": f"What is fact number {i}?"},
        {"role": "assistant", "content": answer or f"Fact {i}, obviously."},
    ]}


def write_jsonl(path: Path, rows: list[object], newline: str = "\n") -> Path:
    """Write rows (objects, or raw strings written as they are) as JSON lines."""
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path
