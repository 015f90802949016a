"""A least-recently-used cache of signed answer bodies, bounded by the bytes it holds.

The content route caches each signed body (the bytes and their signature) so a thousand
terminals polling the same change set cost one build and one signature. Entries are counted by
their size, not their number: a few answers of 50 MB and many of 2 KB both fit the same bound.
An entry larger than the whole bound is returned but not kept. Two requests for the same key
while it is being built wait for one build (a first sync of large content is built once, not
once per terminal asking at that moment).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

__all__ = ["ENTRY_OVERHEAD_BYTES", "SignedBodyCache"]

ENTRY_OVERHEAD_BYTES = 256  # the key, the tuple and the dict slot, roughly

Signed = tuple[bytes, str]


class SignedBodyCache:
    """``(body, signature)`` by key, at most ``max_bytes`` in total (LRU eviction).

    :param max_bytes: the bound of body + signature bytes (plus a small overhead per entry);
        ``0`` keeps nothing.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Signed] = OrderedDict()
        self._total = 0
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}

    @staticmethod
    def entry_bytes(value: Signed) -> int:
        return len(value[0]) + len(value[1]) + ENTRY_OVERHEAD_BYTES

    @property
    def total_bytes(self) -> int:
        """The bytes held now (never more than ``max_bytes``)."""
        return self._total

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get(self, key: Hashable) -> Signed | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Signed) -> None:
        size = self.entry_bytes(value)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._total -= self.entry_bytes(old)
            if size > self.max_bytes:
                return
            while self._entries and self._total + size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._total -= self.entry_bytes(evicted)
            self._entries[key] = value
            self._total += size

    def get_or_build(self, key: Hashable, build: Callable[[], Signed]) -> Signed:
        """The cached value, or ``build()`` once (concurrent callers of one key wait for it)."""
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            value = self.get(key)
            if value is None:
                try:
                    value = build()
                    self.put(key, value)
                finally:
                    with self._lock:
                        self._building.pop(key, None)
        return value
