"""Gradescope's documented autograder results format, and a check of a document against it.

labverify writes only the fields Gradescope documents (top level and per test); everything it
adds lives in their ``extra_data``. ``gradescope_problems`` lists every departure.
"""

from __future__ import annotations

from typing import Any

_NUMBER = (int, float)
TOP_LEVEL_FIELDS: dict[str, Any] = {
    "score": _NUMBER, "max_score": _NUMBER, "execution_time": _NUMBER, "output": str,
    "output_format": str, "test_output_format": str, "test_name_format": str,
    "visibility": str, "stdout_visibility": str, "extra_data": dict, "tests": list,
    "leaderboard": list,
}
TEST_FIELDS: dict[str, Any] = {
    "score": _NUMBER, "max_score": _NUMBER, "status": str, "name": str, "name_format": str,
    "number": str, "output": str, "output_format": str, "tags": list, "visibility": str,
    "extra_data": dict,
}
LEADERBOARD_FIELDS: dict[str, Any] = {"name": str, "value": (int, float, str), "order": str}
VISIBILITIES = ("hidden", "after_due_date", "after_published", "visible")
STATUSES = ("passed", "failed")
FORMATS = ("text", "html", "simple_format", "md", "ansi")
_CHOICES = {"visibility": VISIBILITIES, "stdout_visibility": VISIBILITIES, "status": STATUSES,
            "output_format": FORMATS, "test_output_format": FORMATS,
            "test_name_format": FORMATS, "name_format": FORMATS, "order": ("asc", "desc")}


def _check_fields(where: str, data: Any, fields: dict[str, Any]) -> list[str]:
    if not isinstance(data, dict):
        return [f"{where}: must be an object"]
    problems = []
    for key, value in data.items():
        if key not in fields:
            problems.append(f"{where}.{key}: not a field Gradescope documents")
        elif isinstance(value, bool) or not isinstance(value, fields[key]):
            problems.append(f"{where}.{key}: wrong type {type(value).__name__}")
        elif key in _CHOICES and value not in _CHOICES[key]:
            problems.append(f"{where}.{key}: {value!r} is not one of {', '.join(_CHOICES[key])}")
    return problems


def gradescope_problems(doc: Any) -> list[str]:
    """Every way ``doc`` departs from Gradescope's documented results format; [] when valid."""
    problems = _check_fields("results", doc, TOP_LEVEL_FIELDS)
    if problems and not isinstance(doc, dict):
        return problems
    if "score" not in doc and not all(isinstance(t, dict) and "score" in t
                                      for t in doc.get("tests", [])):
        problems.append("results.score: needed when a test has no score")
    for i, test in enumerate(doc.get("tests", []) if isinstance(doc.get("tests"), list) else []):
        problems += _check_fields(f"tests[{i}]", test, TEST_FIELDS)
        if isinstance(test, dict) and not all(isinstance(t, str) for t in test.get("tags", [])):
            problems.append(f"tests[{i}].tags: must be strings")
    for i, entry in enumerate(doc.get("leaderboard", [])
                              if isinstance(doc.get("leaderboard"), list) else []):
        problems += _check_fields(f"leaderboard[{i}]", entry, LEADERBOARD_FIELDS)
    return problems
