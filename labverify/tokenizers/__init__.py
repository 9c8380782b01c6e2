"""tiktoken encodings that load without a network.

tiktoken downloads an encoding's rank file on first use and keeps it in a cache folder
(``TIKTOKEN_CACHE_DIR``, else ``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``). labverify
ships the files it needs in this folder, named the way that cache names them. ``get_encoding``
lets tiktoken use its own cache when the cache already holds a good copy, and otherwise loads
the shipped copy, so nothing is ever downloaded.

A user's cache is never changed: tiktoken deletes a cached file whose hash does not match and
downloads it again, so the hash is checked here first and a bad cached copy is left alone.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tiktoken

from ..errors import LabverifyError

SHIPPED_DIR = Path(__file__).resolve().parent

__all__ = ["SHIPPED_DIR", "SUPPORTED", "EncodingFile", "get_encoding", "source_dir",
           "user_cache_dir"]


@dataclass(frozen=True)
class EncodingFile:
    """Where tiktoken fetches an encoding from, the cache file name and its expected hash."""

    url: str
    sha256: str

    @property
    def cache_name(self) -> str:
        # tiktoken names a cache file after the sha1 of the URL it downloaded it from.
        return hashlib.sha1(self.url.encode()).hexdigest()


_BASE = "https://openaipublic.blob.core.windows.net/encodings/"
SUPPORTED: dict[str, EncodingFile] = {
    "o200k_base": EncodingFile(
        _BASE + "o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"),
    "cl100k_base": EncodingFile(
        _BASE + "cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"),
}

# os.environ is process-wide; loads that briefly redirect the cache must not interleave.
_ENV_LOCK = threading.Lock()


def user_cache_dir() -> Path | None:
    """The folder tiktoken itself would read, resolved as tiktoken resolves it.

    None when caching is disabled (an empty ``TIKTOKEN_CACHE_DIR``).
    """
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            value = os.environ[var]
            return Path(value) if value else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _has_good_copy(folder: Path, spec: EncodingFile) -> bool:
    try:
        data = (folder / spec.cache_name).read_bytes()
    except OSError:
        return False
    return hashlib.sha256(data).hexdigest() == spec.sha256


def source_dir(name: str) -> Path:
    """The folder ``get_encoding(name)`` loads from: tiktoken's cache when it holds a good
    copy, else the shipped folder."""
    spec = _spec(name)
    user = user_cache_dir()
    if user is not None and _has_good_copy(user, spec):
        return user
    return SHIPPED_DIR


def _spec(name: str) -> EncodingFile:
    spec = SUPPORTED.get(name)
    if spec is None:
        known = ", ".join(sorted(SUPPORTED))
        raise LabverifyError(f"unknown tokenizer encoding {name!r} (labverify ships: {known})")
    return spec


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """Return the tiktoken encoding ``name`` without touching the network.

    Raises LabverifyError for an encoding labverify does not ship, or when the shipped file
    is damaged and the cache holds no good copy.
    """
    spec = _spec(name)
    if source_dir(name) != SHIPPED_DIR:
        return tiktoken.get_encoding(name)
    if not _has_good_copy(SHIPPED_DIR, spec):
        # Letting tiktoken see a bad file would make it delete the file and try to download.
        raise LabverifyError(
            f"the shipped tokenizer file for {name} ({SHIPPED_DIR / spec.cache_name}) "
            "is missing or damaged; reinstall labverify")
    with _ENV_LOCK:
        saved = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(SHIPPED_DIR)
        try:
            return tiktoken.get_encoding(name)
        finally:
            if saved is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = saved
