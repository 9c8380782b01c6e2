"""The report on one dataset file, and its JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import numpy as np

from .findings import Finding, Severity
from .settings import CheckSettings
from .stats import Distribution, billing_tokens_per_epoch


def _empty(dtype: type) -> np.ndarray:
    return np.zeros(0, dtype)


@dataclass
class FileReport:
    """What checking one file found.

    ``total_tokens`` and ``assistant_tokens`` hold one count per example whose tokens could
    be counted, in file order. ``findings`` holds at most ``settings.keep_per_code`` findings
    of each code, sorted by line; ``counts`` counts them all.
    """

    path: PurePath
    role: str  # "training", "validation" or "file" (checked on its own)
    settings: CheckSettings
    size_bytes: int | None = None
    examples: int = 0
    total_tokens: np.ndarray = field(default_factory=lambda: _empty(np.uint32))
    assistant_tokens: np.ndarray = field(default_factory=lambda: _empty(np.uint32))
    findings: list[Finding] = field(default_factory=list)
    counts: dict[tuple[str, Severity], int] = field(default_factory=dict)
    # 8-byte hashes of the examples' lines and their line numbers, for duplicate checks.
    hashes: np.ndarray = field(default_factory=lambda: _empty(np.uint64), repr=False)
    hash_lines: np.ndarray = field(default_factory=lambda: _empty(np.uint32), repr=False)

    @property
    def error_count(self) -> int:
        return sum(n for (_, severity), n in self.counts.items() if severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(n for (_, severity), n in self.counts.items() if severity == "warning")

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        """Whether some findings were counted but not kept."""
        return sum(self.counts.values()) > len(self.findings)

    def codes(self) -> set[str]:
        return {code for code, _ in self.counts}

    @property
    def total_stats(self) -> Distribution | None:
        return Distribution.of(self.total_tokens)

    @property
    def assistant_stats(self) -> Distribution | None:
        return Distribution.of(self.assistant_tokens)

    @property
    def billing_tokens_per_epoch(self) -> int:
        return billing_tokens_per_epoch(self.total_tokens, self.settings.max_tokens_per_example)

    @property
    def billed_tokens(self) -> int:
        """Training tokens billed for the configured epochs (capped tokens x epochs)."""
        return self.billing_tokens_per_epoch * self.settings.epochs

    def to_json(self) -> dict[str, Any]:
        def stats(dist: Distribution | None) -> dict[str, Any] | None:
            return dist.to_json() if dist is not None else None

        by_severity: dict[str, dict[str, int]] = {"error": {}, "warning": {}}
        for (code, severity), n in sorted(self.counts.items()):
            by_severity[severity][code] = n
        return {
            "path": str(self.path),
            "role": self.role,
            "size_bytes": self.size_bytes,
            "examples": self.examples,
            "counted_examples": int(self.total_tokens.size),
            "total_tokens": stats(self.total_stats),
            "assistant_tokens": stats(self.assistant_stats),
            "billing": {
                "max_tokens_per_example": self.settings.max_tokens_per_example,
                "tokens_per_epoch": self.billing_tokens_per_epoch,
                "epochs": self.settings.epochs,
                "billed_tokens": self.billed_tokens,
            },
            "ok": self.ok,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "finding_counts": by_severity,
            "findings_truncated": self.truncated,
            "findings": [f.to_json() for f in self.findings],
        }
