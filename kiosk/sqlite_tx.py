"""One write transaction on a SQLite connection shared by threads: taken at once
(``BEGIN IMMEDIATE``, so a writer never fails half-way on a lock), under the caller's lock,
rolled back on any exception (a kill or crash mid-way leaves nothing half-written)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def immediate(db: sqlite3.Connection, lock: threading.Lock | threading.RLock) -> Iterator[None]:
    with lock:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
