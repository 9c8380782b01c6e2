"""Opens one vcrpy cassette per Azure read, exactly where the read happens.

Cassettes are per read rather than per test so that a read shared by several scenarios is
made once, any subset of tasks replays on its own, and calls made in session-scoped code
are still inside a cassette.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import vcr
from vcr.errors import CannotOverwriteExistingCassetteException

from ..catalogue import message
from ..verdicts import CouldNotVerify
from .sanitize import Sanitizer
from .session import cassette_path

MODES = ("replay", "live", "record")


class Recorder:
    def __init__(self, mode: str, session_dir: Path | None, sanitizer: Sanitizer,
                 rerecord_hint: str, missing_hint: str = "") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.mode = mode
        self.session_dir = session_dir
        self.sanitizer = sanitizer
        self.rerecord_hint = rerecord_hint
        self.missing_hint = missing_hint or rerecord_hint
        self.opened: list[str] = []
        self._replayed: dict[str, tuple[Path, Any]] = {}
        self._vcr = vcr.VCR(
            record_mode="none" if mode == "replay" else "all",
            match_on=("method", "scheme", "host", "port", "path", "query"),
            decode_compressed_response=True,
            before_record_request=sanitizer.before_record_request,
            before_record_response=sanitizer.before_record_response,
        )

    @contextmanager
    def cassette(self, name: str) -> Iterator[None]:
        """Everything inside goes to (or comes from) the cassette ``name``."""
        self.opened.append(name)
        if self.mode == "live" or self.session_dir is None:
            yield
            return
        path = cassette_path(self.session_dir, name)
        if self.mode == "replay" and not path.is_file():
            raise CouldNotVerify(
                message("recording.no_cassette", path=str(path)),
                hint=self.missing_hint,
                evidence={"cassette": str(path)},
            )
        with ExitStack() as stack:
            try:
                cassette = stack.enter_context(self._vcr.use_cassette(str(path)))
            except CannotOverwriteExistingCassetteException:
                raise
            except Exception as exc:  # vcrpy loads the file here: any failure is a bad file
                first = (str(exc).splitlines() or [type(exc).__name__])[0]
                raise CouldNotVerify(
                    message("recording.corrupt", path=str(path), problem=type(exc).__name__,
                            detail=first),
                    hint=self.rerecord_hint, evidence={"cassette": str(path)},
                ) from None
            if self.mode == "replay":
                self._replayed[name] = (path, cassette)
            try:
                yield
            except CannotOverwriteExistingCassetteException as exc:
                raise self.unmatched(exc, path) from None

    def replayed(self, name: str) -> str | None:
        """Which recorded answer cassette ``name`` last played: "GET url (cassette path)"."""
        if name not in self._replayed:
            return None
        path, cassette = self._replayed[name]
        played = list(getattr(cassette, "play_counts", {}))
        if not played:
            return f"cassette {path}"
        request = cassette.data[played[-1]][0]
        return f"{request.method} {request.uri} (cassette {path})"

    def unmatched(self, exc: CannotOverwriteExistingCassetteException,
                  path: Path) -> CouldNotVerify:
        request = exc.failed_request
        what = f"{request.method} {request.uri}" if request is not None else "a request"
        return CouldNotVerify(
            message("recording.unmatched", request=what, path=str(path), reason=str(exc.reason)),
            hint=self.rerecord_hint,
            evidence={"cassette": str(path), "request": what, "reason": exc.reason},
        )
