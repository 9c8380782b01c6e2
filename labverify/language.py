"""Which language a student reads: ``--lang``, else ``LABVERIFY_LANG``, else the system's locale.

The catalogue has English and Traditional Chinese. A Traditional Chinese locale, however the
platform spells it (``zh_TW.UTF-8`` on Linux and macOS, ``Chinese (Traditional)_Taiwan`` from
Python on Windows, ``zh-Hant-TW`` in Windows settings, ``zh_HK``), reads zh-TW; anything else,
Simplified Chinese included (there is no Simplified catalogue), reads English.

This module imports neither pytest nor an SDK.
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .errors import LabverifyError

LANGUAGES = ("en", "zh-TW")
ENV_VAR = "LABVERIFY_LANG"
_TRADITIONAL = re.compile(
    r"^(zh[-_](tw|hk|mo|hant)\b|chinese[ _]\(traditional\)|chinese_(taiwan|hong kong)"
    r"|chinese-traditional)", re.IGNORECASE)


@dataclass(frozen=True)
class Choice:
    lang: str
    source: str  # "--lang", "LABVERIFY_LANG", "system locale" or "default"


def parse(text: str) -> str:
    """``en`` or ``zh-TW`` from what a person typed (case and ``_`` forgiven), else ValueError."""
    cleaned = text.strip().replace("_", "-")
    for lang in LANGUAGES:
        if cleaned.lower() == lang.lower():
            return lang
    raise ValueError(f"{text!r} is not a language labverify speaks; use one of "
                     f"{', '.join(LANGUAGES)}")


def from_locale(name: str | None) -> str | None:
    """zh-TW for a Traditional Chinese locale name, en for another, None when there is none."""
    if not name or name in ("C", "POSIX"):
        return None
    return "zh-TW" if _TRADITIONAL.match(name.strip()) else "en"


def system_locale(environ: Mapping[str, str] = os.environ) -> str | None:
    """The user's locale: POSIX's variables in their order of precedence, else Python's."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            return value
    try:
        name = locale.getlocale()[0]
    except ValueError:  # an unparsable locale setting
        name = None
    return name


def choose(given: str | None, environ: Mapping[str, str] = os.environ,
           system: Callable[[], str | None] | None = None) -> Choice:
    """The language of a run and where it came from; a bad LABVERIFY_LANG is refused."""
    if given:
        return Choice(parse(given), "--lang")
    wanted = environ.get(ENV_VAR, "")
    if wanted.strip():
        try:
            return Choice(parse(wanted), ENV_VAR)
        except ValueError as exc:
            raise LabverifyError(f"environment variable {ENV_VAR}: {exc}") from None
    found = from_locale(system() if system is not None else system_locale(environ))
    return Choice(found, "system locale") if found else Choice("en", "default")
