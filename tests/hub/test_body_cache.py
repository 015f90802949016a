"""The signed-body cache: bounded by bytes (LRU), oversize entries not kept, one build per key."""

import threading
import time

import pytest

from hub.core.body_cache import ENTRY_OVERHEAD_BYTES, SignedBodyCache


def body(n: int, fill: bytes = b"x") -> tuple[bytes, str]:
    return fill * n, "s" * 88  # an Ed25519 signature in base64 is 88 characters


def size(n: int) -> int:
    return n + 88 + ENTRY_OVERHEAD_BYTES


def test_total_bytes_never_pass_the_bound_and_the_least_recent_goes_first():
    cache = SignedBodyCache(max_bytes=size(1_000) * 3)
    for since in range(3):
        cache.put(since, body(1_000))
    assert cache.total_bytes == size(1_000) * 3 and len(cache) == 3
    assert cache.get(0) is not None  # 0 is now the most recent; 1 the least
    cache.put(3, body(1_000))
    assert 1 not in cache and {0, 2, 3} == {k for k in (0, 1, 2, 3) if k in cache}
    cache.put(4, body(2_000))  # needs two slots: 2 and 0 go, oldest first
    assert [k for k in (0, 2, 3, 4) if k in cache] == [3, 4]
    assert cache.total_bytes == size(1_000) + size(2_000) <= cache.max_bytes


def test_many_distinct_keys_stay_within_the_bound():
    bound = 5_000_000
    cache = SignedBodyCache(max_bytes=bound)
    for since in range(2_000):  # 2,000 different since values, 30 KB each = 60 MB offered
        cache.put(("full", since, 2_001), body(30_000))
        assert cache.total_bytes <= bound
    assert len(cache) == bound // size(30_000)


def test_an_entry_larger_than_the_bound_is_returned_but_not_kept():
    cache = SignedBodyCache(max_bytes=10_000)
    cache.put("small", body(100))
    value = cache.get_or_build("huge", lambda: body(20_000))
    assert len(value[0]) == 20_000
    assert "huge" not in cache and "small" in cache and cache.total_bytes == size(100)


def test_replacing_a_key_counts_its_bytes_once():
    cache = SignedBodyCache(max_bytes=100_000)
    cache.put("k", body(1_000))
    cache.put("k", body(2_000))
    assert cache.total_bytes == size(2_000) and len(cache) == 1


def test_zero_keeps_nothing():
    cache = SignedBodyCache(max_bytes=0)
    assert cache.get_or_build("k", lambda: body(10)) == body(10)
    assert len(cache) == 0 and cache.total_bytes == 0


def test_concurrent_callers_of_one_key_share_one_build():
    cache = SignedBodyCache(max_bytes=1_000_000)
    builds = []

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.2)
        return body(1_000, b"y")

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_build("k", build)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and results == [body(1_000, b"y")] * 8


def test_a_failed_build_is_not_cached_and_can_be_retried():
    cache = SignedBodyCache(max_bytes=1_000_000)

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cache.get_or_build("k", broken)
    assert "k" not in cache
    assert cache.get_or_build("k", lambda: body(5)) == body(5)
