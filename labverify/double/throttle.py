"""Azure Resource Manager's read limit, as the double enforces it: a token bucket per
subscription and caller.

ARM throttles reads per subscription and principal with a token bucket (Microsoft's "Understand
how Azure Resource Manager throttles requests": a bucket of reads refilled every second). Each
read answered carries ``x-ms-ratelimit-remaining-subscription-reads``; a read that finds the
bucket empty gets ``429 TooManyRequests`` with ``Retry-After`` (whole seconds until a token is
back). The bucket runs on real time: it throttles how fast a grader reads, whatever the world's
clock says.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

REMAINING = "x-ms-ratelimit-remaining-subscription-reads"


class TokenBucket:
    def __init__(self, rate: float, burst: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self._clock = float(rate), int(burst), clock
        self._tokens = float(burst)
        self._at = clock()
        self._lock = threading.Lock()
        self.throttled = 0  # reads refused so far

    def take(self) -> tuple[bool, int, int]:
        """(granted, tokens left, seconds to wait when refused) for one read."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            if self._tokens >= 1:
                self._tokens -= 1
                return True, int(self._tokens), 0
            self.throttled += 1
            return False, 0, max(1, math.ceil((1 - self._tokens) / self.rate))
