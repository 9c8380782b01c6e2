"""Gradescope-shaped results: one test per scenario, points shared out per task."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import LabConfig
from ..outputs import write_text
from ..verdicts import ScenarioResult, Verdict


def scenario_points(results: list[ScenarioResult], config: LabConfig) -> dict[str, float]:
    """Each scenario's points: the config's [points], else equal shares of the task's."""
    from .points import scenario_points as configured

    return configured(results, config)


def student_output(result: ScenarioResult, lang: str = "en") -> str:
    if result.verdict is Verdict.PASS:
        return "Passed."
    label = {Verdict.FAIL: "Not done yet", Verdict.IN_PROGRESS: "Still in progress",
             Verdict.ERROR: "Could not verify", Verdict.SKIPPED: "Not graded"}[result.verdict]
    text = f"{label}: {result.message}"
    hint = result.localized_hint(lang)
    if hint:
        text += f"\n{WHAT_TO_DO[lang]} {hint}"
    return text


WHAT_TO_DO = {"en": "What to do:", "zh-TW": "該怎麼做："}


def results_json(results: list[ScenarioResult], config: LabConfig,
                 provenance: dict[str, Any] | None = None, lang: str = "en") -> dict[str, Any]:
    points = scenario_points(results, config)
    tests = []
    for r in sorted(results, key=lambda r: r.task):  # stable: feature order within a task
        max_score = round(points[r.check_id], 4)
        tests.append({
            "name": f"Task {r.task}: {r.name}",
            "number": f"{r.task}.{r.check_id}",
            "score": max_score if r.verdict is Verdict.PASS else 0.0,
            "max_score": max_score,
            "status": "passed" if r.verdict is Verdict.PASS else "failed",
            "output": student_output(r, lang),
            "task": r.task,
            "verdict": r.verdict.value,
            "extra_data": {"check": r.check_id, "evidence": r.evidence},
        })
    data: dict[str, Any] = {
        "score": round(sum(points[r.check_id] for r in results if r.verdict is Verdict.PASS), 2),
        "max_score": round(sum(points.values()), 2),
        "tests": tests,
    }
    if provenance:
        data["extra_data"] = {"provenance": provenance}
    return data


def write_results_json(path: Path, data: dict[str, Any]) -> None:
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
