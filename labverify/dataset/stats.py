"""Distributions of per-example token counts, and the billed training tokens.

The handout prints ``np.quantile(values, 0.1)`` and ``np.quantile(values, 0.9)`` under the
label "p5 / p95". Both are kept, named for what they are: ``p5``/``p95`` are the true 5th and
95th percentiles, ``p10``/``p90`` the figures the handout prints. All use numpy's default
(linear) quantile method, as the handout does.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np


@dataclass(frozen=True)
class Distribution:
    min: int
    max: int
    mean: float
    median: float
    p5: float
    p95: float
    p10: float
    p90: float

    @classmethod
    def of(cls, values: np.ndarray) -> Distribution | None:
        """The distribution of ``values``; None when there are none."""
        if values.size == 0:
            return None
        as_float = values.astype(np.float64)
        p5, p10, p90, p95 = np.quantile(as_float, [0.05, 0.1, 0.9, 0.95])
        return cls(min=int(values.min()), max=int(values.max()), mean=float(as_float.mean()),
                   median=float(np.median(as_float)), p5=float(p5), p95=float(p95),
                   p10=float(p10), p90=float(p90))

    def to_json(self) -> dict[str, float | int]:
        return asdict(self)


def billing_tokens_per_epoch(totals: np.ndarray, max_tokens_per_example: int) -> int:
    """Tokens charged per epoch: each example's tokens, capped at the per-example limit.

    This is the cookbook's ``sum(min(MAX_TOKENS_PER_EXAMPLE, length) ...)``.
    """
    if totals.size == 0:
        return 0
    return int(np.minimum(totals.astype(np.int64), max_tokens_per_example).sum())
