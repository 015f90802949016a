"""The in-memory rate limiter: a full table evicts its oldest buckets, never all of them."""

from hub.core.ratelimit import MAX_KEYS, RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_throttled_key_stays_throttled_when_the_table_fills():
    clock = Clock()
    limiter = RateLimiter(60, 2, clock)
    assert [limiter.take("token:abuser") for _ in range(2)] == [0.0, 0.0]
    assert limiter.take("token:abuser") == 1.0
    for n in range(MAX_KEYS + 10):  # fresh keys, each new: the table is full and more
        limiter.take(f"token:fresh-{n}")
        if n % 20_000 == 0:
            assert limiter.take("token:abuser") > 0  # asked again: still throttled
    assert limiter.take("token:abuser") > 0
    assert len(limiter) == MAX_KEYS


def test_the_least_recently_used_bucket_goes_first():
    clock = Clock()
    limiter = RateLimiter(60, 1, clock, max_keys=3)
    for key in ("a", "b", "c"):
        assert limiter.take(key) == 0.0
    clock.now += 0.5
    assert limiter.take("a") > 0  # "a" is used again: "b" is now the oldest
    assert limiter.take("d") == 0.0
    assert len(limiter) == 3
    assert limiter.take("a") > 0 and limiter.take("c") > 0  # kept, still throttled
    assert limiter.take("b") == 0.0  # evicted: its bucket starts full
