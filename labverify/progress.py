"""A progress display for long waits, shown only where a person is watching."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .catalogue import ui


@contextmanager
def waiting(what: str, lang: str,
            describe: Callable[[Any], str]) -> Iterator[Callable[[Any, float], None]]:
    """Yields an ``on_update(state, waited)`` callback for labverify.polling.poll."""
    if not sys.stderr.isatty():
        yield lambda state, waited: None
        return
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what)

        def update(state: Any, waited: float) -> None:
            progress.update(task, description=ui("wait.progress", lang, what=what,
                                                 state=describe(state),
                                                 waited=f"{waited:.0f}"))

        yield update
