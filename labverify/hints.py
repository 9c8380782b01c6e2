"""Hints a student can act on, kept in data files beside the features, one per language.

A check raises with ``hint("resource.region", region_label=...)``: the English text is
what the exception carries, and the key and values travel with it so that any report can
render the same hint in another language (``--lang zh-TW``).
"""

from __future__ import annotations

import string
from functools import cache
from typing import Any

from .errors import LabverifyError, LocatedError
from .paths import HINTS_DIR
from .tomlfile import read_toml

LANGUAGES = ("en", "zh-TW")


class Hint(str):
    """The English hint text, carrying its catalogue key and values."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, params: dict[str, Any]) -> Hint:
        obj = super().__new__(cls, render(key, params, "en"))
        obj.key = key
        obj.params = params
        return obj


def hint(key: str, **params: Any) -> Hint:
    return Hint(key, params)


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise LabverifyError(f"no hints in {lang!r}; available: {', '.join(LANGUAGES)}")
    path = HINTS_DIR / f"{lang}.toml"
    data, text = read_toml(path)
    hints = data.get("hints")
    if not isinstance(hints, dict):
        raise LocatedError(path, "needs a [hints] table", field="hints")
    lines = text.splitlines()
    for key, value in hints.items():
        if not isinstance(value, str):
            # Keys hold dots, so find the quoted key itself rather than a dotted path.
            line = next((n for n, t in enumerate(lines, 1) if t.lstrip().startswith(f'"{key}"')),
                        None)
            raise LocatedError(path, "must be text", line=line, field=f"hints.{key}")
    return hints


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def render(key: str, params: dict[str, Any], lang: str) -> str:
    texts = catalogue(lang)
    if key not in texts:
        if lang != "en":
            return render(key, params, "en")  # an untranslated hint still helps
        raise LabverifyError(f"{HINTS_DIR / 'en.toml'}: no hint {key!r}")
    return texts[key].format(**params)
