"""The cost guard lists hourly-billed fine-tuned deployments and the 15-day rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from azure.mgmt.cognitiveservices.models import Deployment

from labverify.cli import main
from labverify.config import load_config
from labverify.costs import billable
from labverify.paths import PROJECT_ROOT

CONFIG = load_config()
NOW = datetime(2026, 11, 21, 9, 25, tzinfo=UTC)


def deployment(name: str, model: str, sku: str) -> Deployment:
    return Deployment.deserialize({
        "name": name, "sku": {"name": sku, "capacity": 1},
        "systemData": {"createdAt": "2026-11-20T09:25:00Z"},
        "properties": {"model": {"format": "OpenAI", "name": model, "version": "1"}}})


def test_only_fine_tuned_models_on_billed_skus_are_listed() -> None:
    ft = "gpt-4o-mini-2024-07-18.ft-5b2c8e4f9a1d4c7e8b3f6a0d2e9c1b74"
    lines = billable([deployment("ft", ft, "standard"), deployment("base", "gpt-4o-mini", "Standard"),
                      deployment("dev", ft, "Developer")], CONFIG, NOW)
    assert [line.deployment for line in lines] == ["ft"]
    line = lines[0]
    assert line.hours == pytest.approx(24.0)
    assert line.estimate_usd == pytest.approx(24 * 1.70)
    assert f"{line.deleted_if_unused_after:%Y-%m-%d}" == "2026-12-05"
    assert "Delete it when you are done" in line.describe()


def test_costs_command_and_scorecard_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["costs"]) == 0
    out = capsys.readouterr().out
    assert "gpt-4o-mini-2024-07-18-ft" in out and "hourly hosting fee" in out
    main(["grade", "--tasks", "8"])
    assert "Cost: gpt-4o-mini-2024-07-18-ft" in capsys.readouterr().out
    gone = str(PROJECT_ROOT / "cassettes" / "after-cleanup")
    assert main(["costs", gone]) == 2  # the resource is gone: nothing of it can bill
