"""The tokenizer loads with no network and an empty cache, and never changes the cache.

Each case runs in a fresh interpreter: tiktoken keeps loaded encodings for the life of a
process, so only a new one shows where an encoding is really loaded from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labverify import tokenizers
from labverify.errors import LabverifyError
from labverify.tokenizers import SHIPPED_DIR, SUPPORTED, get_encoding, require_encoding

ROOT = Path(__file__).resolve().parents[2]

# Any attempt to reach the network fails loudly inside the child.
_CHILD = """
import json, os, socket, sys
def blocked(*args, **kwargs):
    raise OSError("network blocked by the test")
socket.socket.connect = blocked
socket.create_connection = blocked
socket.getaddrinfo = blocked
from labverify.tokenizers import get_encoding, source_dir
sources = {name: str(source_dir(name)) for name in ("o200k_base", "cl100k_base")}
o200k = get_encoding("o200k_base")
cl100k = get_encoding("cl100k_base")
print(json.dumps({
    "o200k": len(o200k.encode("hello world")),
    "cl100k": len(cl100k.encode("hello world")),
    "sources": sources,
    "env": os.environ.get("TIKTOKEN_CACHE_DIR", "<unset>"),
}))
"""


def run_child(tmp_path: Path, **env_overrides: str | None) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR")}
    # tiktoken's default cache lives in the temp folder: point that at an empty one.
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env.update(TMPDIR=str(temp), TEMP=str(temp), TMP=str(temp))
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    result = subprocess.run([sys.executable, "-c", _CHILD], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_empty_cache_dir_loads_the_shipped_files(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    out = run_child(tmp_path, TIKTOKEN_CACHE_DIR=str(cache))
    assert (out["o200k"], out["cl100k"]) == (2, 2)
    assert set(out["sources"].values()) == {str(SHIPPED_DIR)}
    assert out["env"] == str(cache)  # the variable is restored
    assert list(cache.iterdir()) == []  # nothing written to the user's cache


def test_default_cache_location_is_left_alone(tmp_path):
    out = run_child(tmp_path)
    assert out["env"] == "<unset>"
    assert set(out["sources"].values()) == {str(SHIPPED_DIR)}
    assert list((tmp_path / "temp").iterdir()) == []  # no data-gym-cache created


def test_caching_disabled_still_works(tmp_path):
    out = run_child(tmp_path, TIKTOKEN_CACHE_DIR="")
    assert out["o200k"] == 2 and out["env"] == ""


def test_a_good_user_cache_is_used_and_untouched(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    name = SUPPORTED["o200k_base"].cache_name
    shutil.copy(SHIPPED_DIR / name, cache / name)
    before = (digest(cache / name), (cache / name).stat().st_mtime_ns)
    out = run_child(tmp_path, TIKTOKEN_CACHE_DIR=str(cache))
    assert out["sources"] == {"o200k_base": str(cache), "cl100k_base": str(SHIPPED_DIR)}
    assert (digest(cache / name), (cache / name).stat().st_mtime_ns) == before
    assert sorted(p.name for p in cache.iterdir()) == [name]


def test_a_corrupt_user_cache_file_is_not_deleted(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    name = SUPPORTED["o200k_base"].cache_name
    (cache / name).write_bytes(b"not a tokenizer")
    out = run_child(tmp_path, TIKTOKEN_CACHE_DIR=str(cache))
    assert out["o200k"] == 2
    assert out["sources"]["o200k_base"] == str(SHIPPED_DIR)
    assert (cache / name).read_bytes() == b"not a tokenizer"


def test_shipped_files_match_their_hashes():
    for spec in SUPPORTED.values():
        assert digest(SHIPPED_DIR / spec.cache_name) == spec.sha256


def test_unknown_encoding_is_a_labverify_error():
    with pytest.raises(LabverifyError, match="unknown tokenizer encoding"):
        get_encoding("p50k_base")


def test_requiring_an_encoding_raises_as_loading_it_would(monkeypatch, tmp_path):
    with pytest.raises(LabverifyError, match="unknown tokenizer encoding"):
        require_encoding("p50k_base")
    # A damaged shipped file, and no cache: the same message, without building anything.
    damaged = tmp_path / "shipped"
    damaged.mkdir()
    spec = SUPPORTED["cl100k_base"]
    (damaged / spec.cache_name).write_bytes(b"not the file")
    monkeypatch.setattr(tokenizers, "SHIPPED_DIR", damaged)
    monkeypatch.setattr(tokenizers, "_found_good", set())
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "")
    with pytest.raises(LabverifyError, match="missing or damaged; reinstall") as required:
        require_encoding("cl100k_base")
    with pytest.raises(LabverifyError) as loaded:
        get_encoding.__wrapped__("cl100k_base")
    assert str(required.value) == str(loaded.value)
    # Once found good, the file is not read again.
    monkeypatch.setattr(tokenizers, "SHIPPED_DIR", SHIPPED_DIR)
    require_encoding("cl100k_base")
    monkeypatch.setattr(tokenizers, "SHIPPED_DIR", damaged)
    require_encoding("cl100k_base")


@pytest.mark.parametrize("name", sorted(SUPPORTED))
def test_the_fast_load_is_tiktoken_s_own_encoding(name: str, monkeypatch) -> None:
    import tiktoken
    from tiktoken_ext import openai_public

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(SHIPPED_DIR))
    theirs = tiktoken.Encoding(**openai_public.ENCODING_CONSTRUCTORS[name]())
    ours = get_encoding(name)
    assert ours._pat_str == theirs._pat_str
    assert ours._special_tokens == theirs._special_tokens
    assert ours._mergeable_ranks == theirs._mergeable_ranks
    for text in ("hello world", "訂用帳戶與資源群組", "  spaces\r\n\tand 12345 digits",
                 "<|endoftext|> is ordinary text here", "naïve café 😀"):
        assert ours.encode_ordinary(text) == theirs.encode_ordinary(text)
    assert ours.encode("<|endoftext|>", allowed_special="all") == theirs.encode(
        "<|endoftext|>", allowed_special="all")


@pytest.mark.parametrize("name", sorted(SUPPORTED))
def test_ranks_taken_as_line_numbers_only_where_the_file_numbers_them_so(name: str) -> None:
    from labverify.tokenizers import ranks

    spec = SUPPORTED[name]
    data = (SHIPPED_DIR / spec.cache_name).read_bytes()
    assert ranks(data, sequential=spec.sequential_ranks) == ranks(data)
    # A file numbered otherwise keeps its own ranks when read as written.
    shuffled = b"YQ== 7\nYg== 3\n"
    assert ranks(shuffled) == {b"a": 7, b"b": 3}
    assert ranks(shuffled, sequential=True) == {b"a": 0, b"b": 1}
