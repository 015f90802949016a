"""Per-key token buckets (one per terminal token or client address), kept in the process's memory.

Several hub processes behind nginx each keep their own buckets, so the effective limit is
per process; nginx's ``limit_req`` (deploy/hub/nginx-legal-hub.conf, per client address) is the
place for a fleet-wide cap.

The table holds at most ``max_keys`` buckets. When a new key arrives at a full table, the bucket
used least recently goes (one per new key, never all): a key that keeps asking stays in the table
and stays throttled, however many fresh keys an attacker makes up. A bucket idle for longer than
``burst / rate`` is full again, so dropping it changes nothing for its key.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_KEYS = 100_000


class RateLimiter:
    """``rate_per_minute`` sustained with bursts up to ``burst`` requests."""

    def __init__(
        self,
        rate_per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_keys: int = MAX_KEYS,
    ):
        self.rate_per_s = rate_per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self._clock = clock
        # key -> (tokens, last seen); least recently used first.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float:
        """Spend one request for ``key``; return 0 when allowed, else seconds to wait."""
        now = self._clock()
        with self._lock:
            held = self._buckets.get(key)
            if held is None:
                while len(self._buckets) >= self.max_keys:
                    self._buckets.popitem(last=False)  # the least recently used bucket
                tokens, last = self.burst, now
            else:
                tokens, last = held
                self._buckets.move_to_end(key)
            tokens = min(self.burst, tokens + max(0.0, now - last) * self.rate_per_s)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate_per_s

    @staticmethod
    def retry_after_header(wait_s: float) -> str:
        return str(max(1, math.ceil(wait_s)))
