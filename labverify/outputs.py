"""Where labverify writes: outputs never replace inputs, and nothing is deleted it did not write.

Every command resolves its output paths before it writes anything and refuses an output that is
an input of the same run, lies inside an input folder (a session, a lab folder), or would hold
an input it replaces (:func:`guard`). Files are written atomically, a temporary file renamed
over the old one (:func:`write_text`), so an interrupted run leaves the previous file intact.

A folder labverify writes (a recorded session, a class's grades) carries a manifest,
``.labverify-manifest.json``, listing the files it wrote. Only such a folder is ever replaced or
refreshed, and only the files its manifest lists are ever removed: a folder holding anything
else is refused, whatever the flags.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from .errors import LabverifyError

MANIFEST = ".labverify-manifest.json"
WRITTEN_BY = "labverify"


def _umask() -> int:
    # Read once, while importing (no other thread yet): temporary files are made private,
    # and what replaces an output gets the permissions a plain write would have given it.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()


class OutputRefused(LabverifyError):
    """An output path that would replace or damage an input, or what labverify did not write."""


@dataclass(frozen=True)
class Place:
    """A path a command reads or writes, and what it is, for messages ("the session")."""

    path: Path
    what: str


def resolved(path: Path | str) -> Path:
    """An absolute path with ``~`` expanded and links followed, whether it exists or not."""
    return Path(path).expanduser().resolve(strict=False)


def inside(child: PurePath, parent: PurePath) -> bool:
    """Whether ``child`` lies strictly inside ``parent`` (Windows paths compare without case)."""
    return child != parent and parent in child.parents


def collision(output: PurePath, output_is_folder: bool, input_path: PurePath,
              input_is_folder: bool) -> str | None:
    """How writing ``output`` would touch ``input_path``, or None. Paths must be resolved."""
    if output == input_path:
        return "is"
    if input_is_folder and inside(output, input_path):
        return "lies inside"
    if output_is_folder and inside(input_path, output):
        return "holds"
    return None


def guard(outputs: Iterable[tuple[Place, bool]], inputs: Iterable[Place]) -> None:
    """Refuse any output (with whether it is a folder) that would touch an input."""
    ins = [(place, resolved(place.path)) for place in inputs]
    for out, is_folder in outputs:
        target = resolved(out.path)
        for place, source in ins:
            how = collision(target, is_folder, source, source.is_dir())
            if how is not None:
                raise OutputRefused(f"{out.what} {out.path} {how} the {place.what} {place.path}, "
                                    f"an input of this run: choose another path")


def file_target(path: Path, what: str) -> Path:
    """Check that ``path`` can take a file: not a folder, and its folder not a file."""
    if path.is_dir():
        raise OutputRefused(f"{what} {path} is a folder; give a file path")
    for parent in resolved(path).parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputRefused(f"{what} {path}: {parent} is a file, not a folder")
            break
    return path


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # No fsync: the rename is what keeps an interrupted run from leaving half a file, and a
        # class writes a thousand reports; surviving a power cut is the file system's job.
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- folders labverify writes ---------------------------------------------------------------------

def manifest(folder: Path) -> dict | None:
    """The manifest of a folder labverify wrote, or None when it has none (or a broken one)."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written_by") != WRITTEN_BY:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return data


def manifest_text(kind: str, files: Iterable[str]) -> str:
    listed = sorted({f for f in files if f != MANIFEST})
    return json.dumps({"written_by": WRITTEN_BY, "kind": kind, "files": listed}, indent=2) + "\n"


def files_under(folder: Path) -> list[str]:
    """Every file below ``folder`` as a relative POSIX path, the manifest left out."""
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() or (p.is_symlink() and not p.is_dir()))
    return sorted(name for name in found if name != MANIFEST)


def foreign_files(folder: Path, kind: str) -> list[str]:
    """Files in ``folder`` that its manifest (of ``kind``) does not list: not labverify's."""
    data = manifest(folder)
    present = files_under(folder)
    if data is None or data.get("kind") != kind:
        return present
    listed = set(data["files"])
    return [f for f in present if f not in listed]


def _refuse_foreign(folder: Path, kind: str, what: str) -> None:
    foreign = foreign_files(folder, kind)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise OutputRefused(f"{what} {folder} holds files labverify did not write ({shown}); "
                            "it is never replaced: move them out or choose another folder")


def remove_written(folder: Path, files: Iterable[str]) -> None:
    """Remove the listed files of ``folder`` and the folders they leave empty; nothing else."""
    parents: set[Path] = set()
    for name in files:
        path = folder / PurePath(name)
        if path.is_file() or path.is_symlink():
            path.unlink()
        parents.update(p for p in path.parents if inside(p, folder))
    (folder / MANIFEST).unlink(missing_ok=True)
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        try:
            parent.rmdir()  # only when empty
        except OSError:
            pass


def _sibling(target: Path, role: str) -> Path:
    """A fresh name beside ``target`` for building or setting aside a folder."""
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.{role}"


def check_folder(target: Path, kind: str, *, force: bool, what: str) -> None:
    """Refuse to replace ``target`` unless it is absent, empty, or labverify's own and forced."""
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{what} {target} is a file; give a folder path")
    if target.is_dir() and any(target.iterdir()):
        _refuse_foreign(target, kind, what)
        if not force:
            raise OutputRefused(f"{what} {target} already holds a {kind} labverify wrote; "
                                "pass --force to replace it")
    for parent in resolved(target).parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputRefused(f"{what} {target}: {parent} is a file, not a folder")
            break


class FolderWrite:
    """A folder written whole (a recorded session): built aside, then moved into place.

    The target may be absent or empty; an existing one is replaced only when its manifest shows
    labverify wrote every file in it and ``force`` was given. The new folder is built in a
    staging folder beside the target and renamed into place only by :meth:`commit`, so an
    interrupted or failed run leaves the old folder as it was.
    """

    def __init__(self, target: Path, kind: str, *, force: bool, what: str = "output folder") -> None:
        self.target = Path(target)
        self.kind = kind
        self.what = what
        check_folder(self.target, kind, force=force, what=what)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = _sibling(self.target, "partial")
        self.staging.mkdir()

    def commit(self) -> None:
        """Write the manifest and move the staged folder into place."""
        write_text(self.staging / MANIFEST, manifest_text(self.kind, files_under(self.staging)))
        old: Path | None = None
        if self.target.exists():
            _refuse_foreign(self.target, self.kind, self.what)  # checked again: it may have changed
            old = _sibling(self.target, "old")
            self.target.rename(old)
        self.staging.rename(self.target)
        if old is not None:
            listed = (manifest(old) or {}).get("files", [])
            remove_written(old, listed)
            try:
                old.rmdir()
            except OSError:
                pass  # something appeared meanwhile: it stays, beside the new folder

    def abandon(self) -> None:
        """Drop the staged folder; the target is untouched."""
        shutil.rmtree(self.staging, ignore_errors=True)


def refreshable(folder: Path, kind: str, what: str) -> None:
    """Refuse a folder labverify would write files into unless it is new, empty or its own."""
    if folder.exists() and not folder.is_dir():
        raise OutputRefused(f"{what} {folder} is a file; give a folder path")
    if folder.is_dir() and any(folder.iterdir()):
        data = manifest(folder)
        if data is None or data.get("kind") != kind:
            raise OutputRefused(f"{what} {folder} holds files labverify did not write; choose a "
                                "new or empty folder")


def refresh(folder: Path, kind: str, written: Sequence[str]) -> None:
    """After writing ``written`` into ``folder``: drop what the last run wrote and this one did
    not, and record the new manifest."""
    before = manifest(folder)
    stale = sorted(set((before or {}).get("files", [])) - set(written))
    if stale:
        remove_written(folder, stale)
    write_text(folder / MANIFEST, manifest_text(kind, written))
