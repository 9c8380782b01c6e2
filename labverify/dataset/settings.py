"""What a dataset is checked against, taken from the lab configuration."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import LabverifyError

# Findings kept per code and file; the rest are only counted.
DEFAULT_KEEP_PER_CODE = 50


@dataclass(frozen=True)
class CheckSettings:
    """Limits and tokenizer for one check; small and picklable, so workers receive it."""

    model: str
    encoding: str
    max_tokens_per_example: int
    min_examples: int
    max_file_bytes: int
    epochs: int
    keep_per_code: int = DEFAULT_KEEP_PER_CODE
    # False: count the tokens only of examples that could be over the limit. Grading needs the
    # limit, not the statistics, and most examples provably fit (see lines.fits_uncounted),
    # which spares loading the tokenizer at all. ``labverify data`` counts every example.
    count_every_example: bool = True


def settings_from_config(cfg: Any, model: str | None = None) -> CheckSettings:
    """Settings for ``model`` (default: the lab's base model) from a loaded LabConfig."""
    name = model or cfg.base_model
    if name not in cfg.models:
        known = ", ".join(sorted(cfg.models)) or "none"
        raise LabverifyError(f"model {name!r} is not in the lab config {cfg.path} "
                             f"(models there: {known})")
    return CheckSettings(
        model=name,
        encoding=cfg.models[name].encoding,
        max_tokens_per_example=cfg.models[name].max_tokens_per_example,
        min_examples=cfg.dataset.min_examples,
        max_file_bytes=cfg.dataset.max_file_bytes,
        epochs=cfg.fine_tuning.epochs,
    )
