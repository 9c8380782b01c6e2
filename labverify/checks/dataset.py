"""Task 6: the dataset files, judged from labverify.dataset's findings.

A failure lists the first findings; each finding's message comes from the catalogue, so the
listing is built once per language and the sentence shows the one of the grade's language.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import Text, hint, message, per_language, render
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


def _where(name: str, finding: Any, lang: str = "en") -> str:
    at = f"{name}:{finding.line}" if finding.line else name
    return render("messages", "dataset.finding",
                  {"at": at, "code": finding.code, "what": finding.text(lang)}, lang)


def _listing(found: list[tuple[str, Any]], lang: str) -> str:
    shown = "; ".join(_where(n, f, lang) for n, f in found[:5])
    if len(found) > 5:
        shown += render("messages", "dataset.more", {"count": len(found) - 5}, lang)
    return shown


def _raise(found: list[tuple[str, Any]], key: str, to_do: str, **values: Any) -> None:
    # The listing in each language's words (catalogue.per_language).
    said = message(key, findings=per_language(lambda lang: _listing(found, lang)), **values)
    raise LabFail(said, hint=to_do, evidence={"findings": [_where(n, f) for n, f in found[:50]],
                                              "count": len(found)})


def require_reports(reports: list[Any] | str | None) -> list[Any]:
    """The reports, or could-not-verify saying why there are none (a str says why)."""
    if isinstance(reports, Text):
        raise CouldNotVerify(reports, hint=hint("machine.no_facts"))
    if isinstance(reports, str) and reports:
        # Said in English by whoever found no files: shown as it is, under a translated opening.
        raise CouldNotVerify(message("dataset.unavailable", reason=reports),
                             hint=hint("machine.no_facts"))
    if reports is None or isinstance(reports, str):
        raise CouldNotVerify(message("dataset.no_copy"), hint=hint("machine.no_facts"))
    return reports


def summary(reports: list[Any]) -> dict[str, Any]:
    return {r.path.name: {"examples": r.examples} for r in reports}


def _folder(reports: list[Any]) -> str:
    return str(reports[0].path.parent) if reports else "the lab folder"


def check_present(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    found = _errors(reports, PRESENCE)
    if found:
        _raise(found, "dataset.missing_from", hint("dataset.missing"), folder=_folder(reports))
    return summary(reports)


def require_present(reports: list[Any]) -> None:
    """The other checks judge the files' content: with a file missing, none of them passes."""
    missing = sorted({name for name, _ in _errors(reports, PRESENCE)})
    if missing:
        raise LabFail(message("dataset.not_found", names=", ".join(missing),
                              folder=_folder(reports)),
                      hint=hint("dataset.missing"), evidence={"missing": missing})


def check_format(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, None, exclude=PRESENCE | COUNT | LIMITS)
    if found:
        _raise(found, "dataset.rejected_lines", hint("dataset.check"))
    return summary(reports)


def check_examples(reports: list[Any] | str | None, minimum: int = 10) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, COUNT)
    if found:
        _raise(found, "dataset.too_few", hint("dataset.too_few", minimum=minimum))
    return summary(reports)


def check_limits(reports: list[Any] | str | None) -> dict[str, Any]:
    reports = require_reports(reports)
    require_present(reports)
    found = _errors(reports, LIMITS)
    if found:
        _raise(found, "dataset.over_limits", hint("dataset.limits"))
    return summary(reports)
