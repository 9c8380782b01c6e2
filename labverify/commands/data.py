"""``labverify data FILE...``: check fine-tuning dataset files before uploading them.

Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 when the
command cannot run (bad lab config, unknown model, unwritable --json path).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..config import load_config
from ..dataset.pool import ChunkRunner
from ..dataset.settings import CheckSettings, settings_from_config
from ..dataset.stream import stream_file
from ..errors import LabverifyError
from ..outputs import Place, guard, write_text
from ..tokenizers import require_encoding

if TYPE_CHECKING:
    from ..dataset.report import FileReport

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


def build_json(reports: list[FileReport], settings: CheckSettings) -> dict[str, Any]:
    errors = sum(r.error_count for r in reports)
    return {
        "model": settings.model,
        "encoding": settings.encoding,
        "max_tokens_per_example": settings.max_tokens_per_example,
        "min_examples": settings.min_examples,
        "max_file_bytes": settings.max_file_bytes,
        "epochs": settings.epochs,
        "ok": errors == 0,
        "errors": errors,
        "warnings": sum(r.warning_count for r in reports),
        "files": [r.to_json() for r in reports],
    }


def _import_reporting(rendered: bool) -> ModuleType:
    """The report code (numpy), and the rich report's (rich) when one is printed."""
    if rendered:
        importlib.import_module("..dataset.render", __package__)
    return importlib.import_module("..dataset.check", __package__)


def _size(path: Path) -> int | None:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None  # reported when the file is checked


def _tolerate_unencodable_output() -> None:
    """Let a report naming files like 東京.jsonl print on a console that cannot show them."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if reconfigure is not None and encoding != "utf8":
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass


def run(args: argparse.Namespace) -> int:
    """Run ``labverify data`` with parsed arguments; returns the exit status."""
    def problem(message: str) -> int:
        # Plain print: a located message stays on one line, whatever the terminal width.
        print(f"labverify data: {message}", file=sys.stderr)
        return EXIT_USAGE

    try:
        cfg = load_config(args.lab_config)
        settings = settings_from_config(cfg, args.model)
        require_encoding(settings.encoding)  # fail here, once, rather than per file
    except LabverifyError as exc:
        return problem(str(exc))
    # Paths from the command line are this system's own: no Windows-path translation.
    paths = [Path(name) for name in args.files]
    if args.json not in (None, "-"):
        try:
            guard([(Place(Path(args.json), "--json file"), False)],
                  [Place(p, "dataset file") for p in paths] + [Place(cfg.path, "lab config")])
        except LabverifyError as exc:
            return problem(str(exc))
    to_stdout = args.json == "-"

    def import_reporting() -> ModuleType:
        return _import_reporting(rendered=not to_stdout)

    with ChunkRunner(settings, getattr(args, "workers", None)) as runner:
        try:
            # The workers start before numpy and the report code are imported (0.15-0.2 s),
            # which is done while they check the first chunks.
            runner.start_for(_size(p) for p in paths)
            streamed = [stream_file(p, settings, "file", runner, idle=import_reporting)
                        for p in paths]
        except LabverifyError as exc:
            return problem(str(exc))
    report_of = import_reporting().report_of
    reports = [report_of(s) for s in streamed]
    _tolerate_unencodable_output()
    if args.json is not None:
        # ASCII JSON: valid whatever the console's code page.
        text = json.dumps(build_json(reports, settings), indent=2)
        if to_stdout:
            sys.stdout.write(text + "\n")
        else:
            try:
                write_text(Path(args.json), text + "\n")
            except OSError as exc:
                return problem(f"cannot write {args.json}: {exc.strerror or exc}")
    if not to_stdout:
        from rich.console import Console

        from ..dataset.render import render_reports
        render_reports(reports, Console(highlight=False))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_ERRORS
