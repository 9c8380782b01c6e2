"""The lab's sample files give the figures the tutorial, the handout and the cookbook print."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from labverify.dataset import check_file, check_lab_folder
from labverify.tokenizers import get_encoding

from .conftest import SAMPLES

TRAINING = SAMPLES / "clippy_training_set.jsonl"
VALIDATION = SAMPLES / "clippy_validation_set.jsonl"
TOY = SAMPLES / "openai_cookbook_toy_chat_fine_tuning.jsonl"


def handout_counts(path: Path, encoding_name: str) -> tuple[list[int], list[int]]:
    """The handout's num_tokens_from_messages / num_assistant_tokens_from_messages."""
    encoding = get_encoding(encoding_name)
    totals, assistants = [], []
    with open(path, encoding="utf-8") as f:
        dataset = [json.loads(line) for line in f]
    for ex in dataset:
        total = 0
        for message in ex["messages"]:
            total += 3
            for key, value in message.items():
                total += len(encoding.encode(value))
                if key == "name":
                    total += 1
        totals.append(total + 3)
        assistants.append(sum(len(encoding.encode(m["content"])) for m in ex["messages"]
                              if m["role"] == "assistant"))
    return totals, assistants


@pytest.mark.parametrize(("path", "low", "high"), [(TRAINING, 46, 59), (VALIDATION, 41, 64)])
def test_tutorial_min_max(settings, path, low, high):
    report = check_file(path, settings)
    assert report.findings == []
    assert report.examples == 10
    assert (report.total_stats.min, report.total_stats.max) == (low, high)


@pytest.mark.parametrize("path", [TRAINING, VALIDATION, TOY])
@pytest.mark.parametrize("encoding", ["o200k_base", "cl100k_base"])
def test_per_example_counts_equal_the_handouts(settings, settings_35, path, encoding):
    chosen = settings if encoding == "o200k_base" else settings_35
    report = check_file(path, chosen)
    totals, assistants = handout_counts(path, encoding)
    assert report.total_tokens.tolist() == totals
    assert report.assistant_tokens.tolist() == assistants


def test_handout_printed_p5_p95_are_p10_p90(settings):
    report = check_file(VALIDATION, settings)
    totals, _ = handout_counts(VALIDATION, "o200k_base")
    stats = report.total_stats
    # What the handout prints under "p5 / p95":
    assert (stats.p10, stats.p90) == (np.quantile(totals, 0.1), np.quantile(totals, 0.9))
    assert (stats.p5, stats.p95) == (np.quantile(totals, 0.05), np.quantile(totals, 0.95))
    assert stats.p5 != stats.p10
    assert (stats.mean, stats.median) == (np.mean(totals), np.median(totals))


def test_cookbook_toy_figures_with_cl100k_and_4096_cap(settings_35):
    report = check_file(TOY, settings_35)
    stats = report.total_stats
    assert (stats.min, stats.max, stats.mean, stats.median) == (26, 8032, 1648.4, 45.0)
    assert (report.assistant_stats.min, report.assistant_stats.max) == (4, 8000)
    # The notebook: "Dataset has ~4306 tokens that will be charged for during training".
    assert report.billing_tokens_per_epoch == 4306
    assert report.billed_tokens == 4306 * settings_35.epochs
    assert ("example_too_long", 5) in {(f.code, f.line) for f in report.findings}


def test_billed_tokens_for_the_configured_epochs(settings):
    report = check_file(TRAINING, settings)
    assert settings.epochs == 3
    assert report.billing_tokens_per_epoch == int(report.total_tokens.sum())
    assert report.billed_tokens == 3 * int(report.total_tokens.sum())


def test_lab_folder_with_the_sample_files(tmp_path, cfg):
    shutil.copy(TRAINING, tmp_path / "training_set.jsonl")
    shutil.copy(VALIDATION, tmp_path / "validation_set.jsonl")
    training, validation = check_lab_folder(tmp_path, cfg)
    assert (training.role, validation.role) == ("training", "validation")
    assert training.ok and validation.ok
    assert training.findings == [] and validation.findings == []
    assert (training.total_stats.min, training.total_stats.max) == (46, 59)
    assert (validation.total_stats.min, validation.total_stats.max) == (41, 64)
