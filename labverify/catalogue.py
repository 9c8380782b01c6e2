"""Every sentence a student reads, in English and Traditional Chinese, from one catalogue.

The catalogue lives beside the features, one folder per language (``catalogue/en``,
``catalogue/zh-TW``); each TOML file there holds some of these tables, merged across files:

* ``[hints]``: what to do, for every verdict that is not a pass;
* ``[messages]``: what was seen (the evidence sentence), its values interpolated;
* ``[ui]``: the words of every output (verdict labels, score and status lines, headings);
* ``[tasks]``: the task titles, by task number.

Code never holds the sentence itself: a check raises with ``message("resource.region", ...)``
and ``hint("resource.region", ...)``. Each is a :class:`Text`: the English rendering (what the
exception and the English outputs carry) with its table, key and values, so any output renders
the same sentence in the grade's language. An entry missing in one language falls back to the
English one at run time (the tests refuse the catalogue long before that).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from .errors import LabverifyError, LocatedError
from .paths import CATALOGUE_DIR
from .tomlfile import read_toml

LANGUAGES = ("en", "zh-TW")
TABLES = ("hints", "messages", "ui", "tasks")


class Text(str):
    """An English sentence from the catalogue, carrying its table, key and values."""

    table: str
    key: str
    params: dict[str, Any]

    def __new__(cls, table: str, key: str, params: dict[str, Any]) -> Text:
        clean = {name: _plain(value) for name, value in params.items()}
        obj = super().__new__(cls, render(table, key, clean, "en"))
        obj.table, obj.key, obj.params = table, key, clean
        return obj

    def to(self, lang: str) -> str:
        return render(self.table, self.key, self.params, lang)

    def __reduce__(self) -> tuple[Any, ...]:
        # A class is graded in worker processes: a Text crosses as its key and values.
        return (Text, (self.table, self.key, self.params))


# A hint is a Text of the [hints] table; the name says what it is for.
Hint = Text


# A value that is itself a phrase of the catalogue (what was being read, the findings listed)
# is kept once per language, so that each language shows it in its own words.
PER_LANGUAGE = "$per_language"


def per_language(render_in: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """A value for a Text's params: ``render_in(lang)`` for every language of the catalogue."""
    return {PER_LANGUAGE: {lang: render_in(lang) for lang in LANGUAGES}}


def _plain(value: Any) -> Any:
    # Values travel in results.json and are formatted in any language: keep JSON's types.
    if isinstance(value, Text):
        return per_language(value.to)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict) and set(value) == {PER_LANGUAGE}:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _in(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and PER_LANGUAGE in value:
        texts = value[PER_LANGUAGE]
        return texts.get(lang, texts.get("en", ""))
    return value


def hint(key: str, /, **params: Any) -> Text:
    """What the student can do, from ``[hints]``."""
    return Text("hints", key, params)


def message(key: str, /, **params: Any) -> Text:
    """What labverify saw, from ``[messages]``."""
    return Text("messages", key, params)


def ui(key: str, lang: str, /, **params: Any) -> str:
    """One of the outputs' own words, from ``[ui]``, in ``lang``."""
    return render("ui", key, params, lang)


def task_title(number: int, lang: str) -> str:
    texts = catalogue(lang)["tasks"]
    title = texts.get(str(number)) or catalogue("en")["tasks"].get(str(number))
    return title if title else ui("task.untitled", lang, number=number)


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise LabverifyError(f"no catalogue in {lang!r}; available: {', '.join(LANGUAGES)}")
    return lang


def _line_of(lines: list[str], key: str) -> int | None:
    # Keys hold dots, so find the quoted (or bare) key itself rather than a dotted path.
    for number, text in enumerate(lines, 1):
        stripped = text.lstrip()
        if stripped.startswith((f'"{key}"', f"{key} =", f"{key}=")):
            return number
    return None


def _read(path: Path, merged: dict[str, dict[str, str]],
          where: dict[tuple[str, str], Path]) -> None:
    data, text = read_toml(path)
    lines = text.splitlines()
    for table, entries in data.items():
        if table not in TABLES:
            raise LocatedError(path, f"unknown table [{table}]; a catalogue file holds "
                               f"{', '.join(f'[{t}]' for t in TABLES)}", field=table)
        if not isinstance(entries, dict):
            raise LocatedError(path, "must be a table", field=table)
        for key, value in entries.items():
            if not isinstance(value, str) or not value.strip():
                raise LocatedError(path, "must be text", line=_line_of(lines, key),
                                   field=f"{table}.{key}")
            if (table, key) in where:
                raise LocatedError(path, f"is also in {where[table, key].name}",
                                   line=_line_of(lines, key), field=f"{table}.{key}")
            try:
                placeholders(value)
            except ValueError as exc:
                raise LocatedError(path, f"is not a valid template ({exc})",
                                   line=_line_of(lines, key), field=f"{table}.{key}") from None
            where[table, key] = path
            merged[table][key] = value


@cache
def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """Every table of one language, merged from the files of its folder."""
    check_language(lang)
    folder = CATALOGUE_DIR / lang
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise LabverifyError(f"{folder}: no catalogue files")
    merged: dict[str, dict[str, str]] = {table: {} for table in TABLES}
    where: dict[tuple[str, str], Path] = {}
    for path in files:
        _read(path, merged, where)
    return merged


def placeholders(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(text) if name}


def render(table: str, key: str, params: dict[str, Any], lang: str) -> str:
    texts = catalogue(lang)[table]
    if key not in texts:
        if lang != "en":
            return render(table, key, params, "en")  # an untranslated sentence still helps
        raise LabverifyError(f"{CATALOGUE_DIR / 'en'}: no [{table}] entry {key!r}")
    return texts[key].format(**{name: _in(value, lang) for name, value in params.items()})


def localized(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it came from the catalogue, else as it is."""
    return text.to(lang) if isinstance(text, Text) else text
