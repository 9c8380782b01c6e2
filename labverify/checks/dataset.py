"""Task 6: the dataset files, judged from labverify.dataset's findings."""

from __future__ import annotations

from typing import Any

from ..catalogue import hint
from ..verdicts import CouldNotVerify, LabFail

PRESENCE = {"file_missing", "not_a_file", "unreadable_file"}
COUNT = {"too_few_examples"}
LIMITS = {"example_too_long", "file_too_large"}


def _errors(reports: list[Any], codes: set[str] | None, *, exclude: set[str] = frozenset()
            ) -> list[tuple[str, Any]]:
    out = []
    for report in reports:
        for finding in report.findings:
            if finding.severity != "error" or finding.code in exclude:
                continue
            if codes is None or finding.code in codes:
                out.append((report.path.name, finding))
    return out


def _where(name: str, finding: Any) -> str:
    at = f"{name}:{finding.line}" if finding.line else name
    return f"{at} {finding.code}: {finding.message}"


def _raise(found: list[tuple[str, Any]], summary: str, to_do: str) -> None:
    shown = [_where(n, f) for n, f in found[:5]]
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    raise LabFail(f"{summary}: " + "; ".join(shown) + more, hint=to_do,
                  evidence={"findings": [_where(n, f) for n, f in found[:50]],
                            "count": len(found)})


def require_reports(reports: list[Any] | str | None) -> list[Any]:
    """The reports, or could-not-verify saying why there are none (a str says why)."""
    if reports is None or isinstance(reports, str):
        raise CouldNotVerify(reports or "labverify holds no copy of the student's dataset files "
                             "(seen on the student's machine or in a session recorded there)",
                             hint=hint("machine.no_facts"))
    return reports


def summary(reports: list[Any]) -> dict[str, Any]:
    return {r.path.name: {"examples": r.examples} for r in reports}


def _folder(reports: list[Any]) -> str:
    return str(reports[0].path.parent) if reports else "the lab folder"


def check_present(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    found = _errors(reports, PRESENCE)
    if found:
        _raise(found, f"a dataset file is missing from {_folder(reports)}",
               hint("dataset.missing"))
    return summary(reports)


def require_present(reports: list[Any]) -> None:
    """The other checks judge the files' content: with a file missing, none of them passes."""
    missing = sorted({name for name, _ in _errors(reports, PRESENCE)})
    if missing:
        raise LabFail(f"{', '.join(missing)} not found in {_folder(reports)}",
                      hint=hint("dataset.missing"), evidence={"missing": missing})


def check_format(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, None, exclude=PRESENCE | COUNT | LIMITS)
    if found:
        _raise(found, "fine-tuning would reject these lines", hint("dataset.check"))
    return summary(reports)


def check_examples(reports: list[Any] | str | None, minimum: int = 10) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, COUNT)
    if found:
        _raise(found, "too few examples", hint("dataset.too_few", minimum=minimum))
    return summary(reports)


def check_limits(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, LIMITS)
    if found:
        _raise(found, "over the base model's limits", hint("dataset.limits"))
    return summary(reports)
