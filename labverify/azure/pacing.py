"""Reading within Azure Resource Manager's read limit: slow down rather than fail.

ARM counts a caller's reads per subscription and says what is left in
``x-ms-ratelimit-remaining-subscription-reads`` on every answer; past the limit it answers
``429`` with ``Retry-After``. Watching a class reads every student's subscription round after
round, so there a grading paces its reads (``RunOptions.pace_reads``): when ARM says fewer
reads are left than a grading makes at once it pauses before the next, and a 429 is waited
out for as long as ARM asks, as often as it takes, while the grading's read budget lasts.
Only past the budget does the 429 reach the retry policy and become "could not verify" (a
watched student then keeps their last grade, marked stale). Waits are counted so a round can
say how long throttling held it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from azure.core.pipeline.policies import HTTPPolicy

REMAINING = "x-ms-ratelimit-remaining-subscription-reads"
# How long to pause when ARM says no read is left and gives no Retry-After.
DEFAULT_PAUSE = 1.0
# A grading makes up to four reads at once (prefetch.Prefetch): with fewer left than that, the
# next ones would find the bucket empty, so the pacer pauses before them instead.
LOW_WATER = 4


class ReadLimit:
    """What one grading knows of its subscription's read limit, shared by its ARM clients."""

    def __init__(self, deadline: Callable[[], float], *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._deadline, self._sleep, self._clock = deadline, sleep, clock
        self.lock = threading.Lock()
        self.remaining: int | None = None
        self.waited = 0.0  # seconds spent waiting on ARM's limit
        self.throttled = 0  # 429s waited out

    def left(self) -> float:
        """Seconds of the grading's read budget left."""
        return self._deadline() - self._clock()

    def pause(self, seconds: float) -> bool:
        """Wait ``seconds`` if the budget allows it; False when it does not."""
        if self._clock() + seconds > self._deadline():
            return False
        self._sleep(seconds)
        with self.lock:
            self.waited += seconds
        return True


class ReadPacer(HTTPPolicy):
    """The pipeline policy, one per client (a pipeline links its policies to one another)."""

    def __init__(self, limit: ReadLimit) -> None:
        super().__init__()
        self.limit = limit

    def send(self, request: Any) -> Any:
        limit = self.limit
        while True:
            with limit.lock:
                empty = limit.remaining is not None and limit.remaining < LOW_WATER
                if empty:
                    limit.remaining = None
            if empty:
                limit.pause(DEFAULT_PAUSE)
            response = self.next.send(request)
            http = response.http_response
            left = http.headers.get(REMAINING)
            if left is not None and left.strip().isdigit():
                with limit.lock:
                    limit.remaining = int(left)
            if http.status_code != 429:
                return response
            if not limit.pause(_retry_after(http.headers.get("Retry-After"))):
                return response  # past the budget: the retry policy and the read decide
            with limit.lock:
                limit.throttled += 1


def _retry_after(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value is not None else DEFAULT_PAUSE
    except ValueError:  # an HTTP date: ARM sends seconds, a proxy may not
        return DEFAULT_PAUSE
