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
from typing import Any

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


class SharedBucket(TokenBucket):
    """The same bucket in several processes: its level lives in shared memory.

    A watch grades its students in worker processes; ARM counts the reads of them all against
    the one subscription, so the workers' doubles must draw from one bucket. ``time.monotonic``
    is the system's clock, the same in every process.
    """

    def __init__(self, rate: float, burst: int, context: Any) -> None:
        super().__init__(rate, burst)
        self._shared = context.Array("d", [float(burst), time.monotonic(), 0.0])
        self._lock = self._shared.get_lock()

    def take(self) -> tuple[bool, int, int]:
        with self._lock:
            tokens, at, refused = self._shared[:]
            now = time.monotonic()
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            if tokens >= 1:
                self._shared[:] = [tokens - 1, now, refused]
                return True, int(tokens - 1), 0
            self._shared[:] = [tokens, now, refused + 1]
            return False, 0, max(1, math.ceil((1 - tokens) / self.rate))

    @property
    def throttled(self) -> int:  # type: ignore[override]
        return int(self._shared[2])

    @throttled.setter
    def throttled(self, value: int) -> None:
        pass  # counted in shared memory


# The buckets of this process, by subscription: every double serving a subscription draws from
# its one bucket, so a subscription graded again (the next round of a watch) finds it as the
# reads before left it. A bucket given other limits (a world's timeline changed them) is new.
_BUCKETS: dict[str, TokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(subscription_id: str, rate: float, burst: int) -> TokenBucket:
    with _BUCKETS_LOCK:
        bucket = _BUCKETS.get(subscription_id.lower())
        if bucket is None or (bucket.rate, bucket.burst) != (float(rate), int(burst)):
            bucket = _BUCKETS[subscription_id.lower()] = TokenBucket(rate, burst)
        return bucket


def install(buckets: dict[str, TokenBucket]) -> None:
    """Use these buckets (shared with other processes) for their subscriptions."""
    with _BUCKETS_LOCK:
        _BUCKETS.update({key.lower(): bucket for key, bucket in buckets.items()})


def forget() -> None:
    with _BUCKETS_LOCK:
        _BUCKETS.clear()
