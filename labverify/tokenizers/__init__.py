"""tiktoken encodings that load without a network, quickly.

tiktoken downloads an encoding's rank file on first use and keeps it in a cache folder
(``TIKTOKEN_CACHE_DIR``, else ``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``). labverify
ships the files it needs in this folder, named the way that cache names them. ``get_encoding``
lets tiktoken use its own cache when the cache already holds a good copy, and otherwise loads
the shipped copy, so nothing is ever downloaded.

A user's cache is never changed: tiktoken deletes a cached file whose hash does not match and
downloads it again, so the hash is checked here first and a bad cached copy is left alone.

The file chosen is read and checked once, and its ranks parsed here into ``tiktoken.Encoding``
with the encoding's pattern and special tokens (as ``tiktoken_ext.openai_public`` gives them;
a test holds the two equal): tiktoken's own loader read and hashed the file again and decoded
each of its 200,000 lines through ``base64.b64decode``, 0.19 s of the 0.33 s an o200k_base load
took; ``binascii.a2b_base64`` takes a third of that, and the ranks of a file that numbers its
tokens in order are its line numbers, not 200,000 integers parsed (0.07 s less again).
"""

from __future__ import annotations

import binascii
import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import tiktoken

from ..errors import LabverifyError

SHIPPED_DIR = Path(__file__).resolve().parent

__all__ = ["SHIPPED_DIR", "SUPPORTED", "EncodingFile", "get_encoding", "require_encoding",
           "source_dir", "user_cache_dir"]


@dataclass(frozen=True)
class EncodingFile:
    """Where tiktoken fetches an encoding from, the cache file name and its expected hash."""

    url: str
    sha256: str
    pat_str: str = ""
    special_tokens: dict[str, int] = field(default_factory=dict)
    # The file, pinned by its hash, numbers its tokens 0, 1, 2, ... in order: its ranks are
    # the line numbers, and parsing 200,000 integers can be skipped (a test holds the ranks
    # equal to tiktoken's own parse).
    sequential_ranks: bool = False

    @property
    def cache_name(self) -> str:
        # tiktoken names a cache file after the sha1 of the URL it downloaded it from.
        return hashlib.sha1(self.url.encode()).hexdigest()


_BASE = "https://openaipublic.blob.core.windows.net/encodings/"
_O200K_PATTERN = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""",
    r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
    r"""\s*[\r\n]+""",
    r"""\s+(?!\S)""",
    r"""\s+""",
])
_CL100K_PATTERN = (r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++"""
                   r"""[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""")
SUPPORTED: dict[str, EncodingFile] = {
    "o200k_base": EncodingFile(
        _BASE + "o200k_base.tiktoken",
        "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        _O200K_PATTERN, {"<|endoftext|>": 199999, "<|endofprompt|>": 200018},
        sequential_ranks=True),
    "cl100k_base": EncodingFile(
        _BASE + "cl100k_base.tiktoken",
        "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        _CL100K_PATTERN, {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258,
                          "<|fim_middle|>": 100259, "<|fim_suffix|>": 100260,
                          "<|endofprompt|>": 100276}, sequential_ranks=True),
}


def user_cache_dir() -> Path | None:
    """The folder tiktoken itself would read, resolved as tiktoken resolves it.

    None when caching is disabled (an empty ``TIKTOKEN_CACHE_DIR``).
    """
    for var in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if var in os.environ:
            value = os.environ[var]
            return Path(value) if value else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _good_copy(folder: Path, spec: EncodingFile) -> bytes | None:
    """The file's bytes when ``folder`` holds an intact copy, else None."""
    try:
        data = (folder / spec.cache_name).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == spec.sha256 else None


def _has_good_copy(folder: Path, spec: EncodingFile) -> bool:
    return _good_copy(folder, spec) is not None


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


def _rank_file(name: str) -> tuple[EncodingFile, bytes]:
    spec = _spec(name)
    user = user_cache_dir()
    data = _good_copy(user, spec) if user is not None else None
    if data is None:
        data = _good_copy(SHIPPED_DIR, spec)
    if data is None:
        raise LabverifyError(
            f"the shipped tokenizer file for {name} ({SHIPPED_DIR / spec.cache_name}) "
            "is missing or damaged; reinstall labverify")
    return spec, data


# Encodings whose file was found good in this process (once is enough, as for get_encoding).
_found_good: set[str] = set()


def require_encoding(name: str) -> None:
    """Raise as ``get_encoding(name)`` would, without building the tokenizer.

    Checking the file (its hash) takes about 0.01 s; building the tokenizer from it 0.5 s,
    which a caller whose worker processes build their own need not spend.
    """
    if name not in _found_good:
        _rank_file(name)
        _found_good.add(name)


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """Return the tiktoken encoding ``name`` without touching the network.

    Raises LabverifyError for an encoding labverify does not ship, or when the shipped file
    is damaged and the cache holds no good copy.
    """
    spec, data = _rank_file(name)
    _found_good.add(name)
    return tiktoken.Encoding(name=name, pat_str=spec.pat_str,
                             mergeable_ranks=ranks(data, sequential=spec.sequential_ranks),
                             special_tokens=dict(spec.special_tokens))


def ranks(data: bytes, *, sequential: bool = False) -> dict[bytes, int]:
    """A .tiktoken file's ranks: one ``base64-token rank`` pair per line.

    ``sequential`` takes the ranks as the line numbers, for a file known to number its
    tokens in order.
    """
    parts = data.split()
    if len(parts) % 2:
        raise LabverifyError("a tokenizer file has a token without its rank")
    tokens = map(binascii.a2b_base64, parts[0::2])
    if sequential:
        return dict(zip(tokens, range(len(parts) // 2), strict=True))
    return dict(zip(tokens, map(int, parts[1::2]), strict=True))
