"""Waiting for something in Azure to finish: a fine-tuning job, an upload, a deployment.

Live, it sleeps with backoff (the handout polls every 10 s forever; this stops at a timeout).
In replay nothing sleeps: the recorded answers are played in order, and the wait ends when
they run out or the time they stood for passes the timeout.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from vcr.errors import CannotOverwriteExistingCassetteException

T = TypeVar("T")


@dataclass
class Backoff:
    first: float = 10.0
    factor: float = 1.5
    cap: float = 60.0

    def delays(self) -> Any:
        delay = self.first
        while True:
            yield delay
            delay = min(delay * self.factor, self.cap)


@dataclass
class PollResult:
    last: Any
    done: bool
    polls: int
    waited: float  # seconds the wait stood for (real live, nominal in replay)


def poll(fetch: Callable[[], T], is_done: Callable[[T], bool], *, timeout: float,
         sleep: Callable[[float], None] | None, backoff: Backoff | None = None,
         on_update: Callable[[T, float], None] | None = None, max_polls: int = 10_000
         ) -> PollResult:
    """Fetch until ``is_done`` or ``timeout``; ``sleep`` None means replay (no real waiting)."""
    backoff = backoff or Backoff()
    last = fetch()
    waited, polls = 0.0, 1
    if on_update:
        on_update(last, waited)
    for delay in backoff.delays():
        if is_done(last) or polls >= max_polls or waited + delay > timeout:
            break
        if sleep is not None:
            sleep(delay)
        waited += delay
        try:
            last = fetch()
        except CannotOverwriteExistingCassetteException:
            break  # the recording ends here: report the state it ended in
        polls += 1
        if on_update:
            on_update(last, waited)
    return PollResult(last=last, done=is_done(last), polls=polls, waited=waited)
