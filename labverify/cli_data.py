"""``labverify data FILE...``: check fine-tuning dataset files before uploading them.

Exit status: 0 when no file has an error (warnings allowed), 1 when any has, 2 when the
command cannot run (bad lab config, unknown model, unwritable --json path).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from . import cli_args
from .config import load_config
from .dataset import FileReport, check_files, check_lab_folder, settings_from_config
from .dataset.render import render_reports
from .dataset.settings import CheckSettings
from .errors import LabverifyError
from .outputs import Place, guard, write_text
from .tokenizers import get_encoding

__all__ = ["add_parser", "build_json", "check_lab_folder", "main", "run"]

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_USAGE = 2


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="JSONL dataset file(s)")
    parser.add_argument("--json", metavar="PATH", type=cli_args.file_path_or_stdout,
                        help="also write the report as JSON to PATH ('-' for standard output, "
                             "which then carries only the JSON)")
    parser.add_argument("--lab-config", metavar="PATH",
                        help="lab configuration (default: the one shipped with labverify)")
    parser.add_argument("--model", metavar="NAME",
                        help="base model whose tokenizer and limits apply "
                             "(default: the config's fine_tuning.base_model)")
    parser.add_argument("--workers", type=cli_args.at_least_one, metavar="N",
                        help="worker processes for large files (default: one per core)")


def add_parser(subparsers: Any) -> None:
    """Register the ``data`` subcommand on an argparse subparsers object."""
    parser = subparsers.add_parser(
        "data", help="check fine-tuning dataset files (JSONL) before uploading them",
        description="Check chat fine-tuning JSONL files: format, token counts and limits.")
    _add_arguments(parser)
    parser.set_defaults(func=run)


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
        get_encoding(settings.encoding)  # fail here, once, rather than per file
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
    reports = check_files(paths, settings, workers=getattr(args, "workers", None))
    to_stdout = args.json == "-"
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
        render_reports(reports, Console(highlight=False))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_ERRORS


def main(argv: list[str] | None = None) -> int:
    parser = cli_args.Parser(
        prog="labverify data",
        description="Check chat fine-tuning JSONL files: format, token counts and limits.")
    _add_arguments(parser)
    try:
        args = parser.parse_args(argv)
        return run(args)
    except cli_args.UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
