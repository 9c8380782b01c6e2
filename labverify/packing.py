"""``labverify pack``: one recorded session in one zip file, with its digest, for handing in.

A pack holds the session's folder and ``labverify-pack.json`` (the session's name, its digest,
the labverify that packed it). ``labverify grade`` accepts a pack where it accepts a session:
the zip is checked before anything is taken from it (every member a plain file inside the
session's folder, no link, no absolute or ``..`` path, bounded count and size, the digest of
what it unpacks to equal to the one it carries) and unpacked into a temporary folder.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from . import __version__
from .errors import LocatedError
from .outputs import write_bytes
from .recording.session import METADATA_FILE
from .report.provenance import session_digest, session_files

PACK_FILE = "labverify-pack.json"
MAX_MEMBERS = 5000
MAX_BYTES = 256 << 20  # unpacked; a real session is a few hundred kilobytes
MAX_RATIO = 200  # unpacked / packed per member: more is a zip bomb, not a session


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def pack(session: Path, out: Path) -> str:
    """Write ``session`` to the zip ``out`` (atomically); return its digest."""
    digest = session_digest(session)
    buffer = tempfile.SpooledTemporaryFile(max_size=32 << 20)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relative, path in session_files(session):
            # A fixed time: the same session packs to the same bytes.
            info = zipfile.ZipInfo(f"{session.name}/{relative}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, path.read_bytes())
        manifest = {"session": session.name, "digest": digest, "packed_with": __version__}
        info = zipfile.ZipInfo(PACK_FILE, date_time=(2000, 1, 1, 0, 0, 0))
        archive.writestr(info, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    buffer.seek(0)
    write_bytes(out, buffer.read())
    return digest


def _checked_members(path: Path, archive: zipfile.ZipFile) -> tuple[str, dict, list[zipfile.ZipInfo]]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise LocatedError(path, f"holds {len(infos)} files; a session pack holds at most "
                                 f"{MAX_MEMBERS}")
    try:
        manifest = json.loads(archive.read(PACK_FILE).decode("utf-8"))
    except KeyError:
        raise LocatedError(path, f"not a session pack: it has no {PACK_FILE} (make one with "
                                 "labverify pack SESSION)") from None
    except (ValueError, UnicodeDecodeError):
        raise LocatedError(path, f"{PACK_FILE} is not valid JSON") from None
    name = manifest.get("session") if isinstance(manifest, dict) else None
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in (".", ".."):
        raise LocatedError(path, f"{PACK_FILE}: session is not a folder name", field="session")
    if not isinstance(manifest.get("digest"), str):
        raise LocatedError(path, f"{PACK_FILE}: digest is missing", field="digest")
    total = 0
    members = []
    for info in infos:
        if info.filename == PACK_FILE:
            continue
        member = PurePosixPath(info.filename)
        mode = info.external_attr >> 16
        if (member.is_absolute() or ".." in member.parts or "\\" in info.filename
                or ":" in info.filename or not member.parts or member.parts[0] != name):
            raise LocatedError(path, f"member {info.filename!r} lies outside the session folder "
                                     f"{name}/")
        if info.is_dir():
            continue
        # Zip tools that say nothing of a file's type leave those bits 0: a plain file too.
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
            raise LocatedError(path, f"member {info.filename!r} is not a plain file")
        total += info.file_size
        if total > MAX_BYTES:
            raise LocatedError(path, f"unpacks to more than {MAX_BYTES >> 20} MiB; a session is "
                                     "far smaller")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            ratio = info.file_size // info.compress_size
            raise LocatedError(path, f"member {info.filename!r} is compressed {ratio}:1; that "
                                     "is no session file")
        members.append(info)
    return name, manifest, members


@contextlib.contextmanager
def unpacked(path: Path) -> Iterator[Path]:
    """The session a pack holds, unpacked into a temporary folder for as long as it is used."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise LocatedError(path, "file not found") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise LocatedError(path, f"not a zip file ({exc})") from None
    folder = Path(tempfile.mkdtemp(prefix="labverify-pack-"))
    try:
        with archive:
            name, manifest, members = _checked_members(path, archive)
            for info in members:
                # Under the pack's own name: a class names each student after their session.
                parts = PurePosixPath(info.filename).parts[1:]
                target = folder.joinpath(path.stem, *parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
        session = folder / path.stem
        if not (session / METADATA_FILE).is_file():
            raise LocatedError(path, f"the pack's session folder {name}/ has no {METADATA_FILE}")
        if session_digest(session) != manifest["digest"]:
            raise LocatedError(path, "its files do not match the digest it was packed with: "
                                     "the pack was changed after labverify packed it",
                               field="digest")
        yield session
    finally:
        shutil.rmtree(folder, ignore_errors=True)
