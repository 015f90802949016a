"""The terminal's durable record of the hub's remote commands, in ``<data>/commands.db``.

One row per command id the hub ever handed out. The row is written *before* a command runs and
claimed (``received`` → ``running``) in one transaction, so a command runs at most once however
often the hub hands it out and however often the terminal restarts; a command found ``running``
when the ledger opens was cut short by a crash or power loss and is finished as failed
(``interrupted``), so it is reported and never run again. Results wait (``finished``) until a
heartbeat carrying them was confirmed by the hub; then the result is dropped and the id kept a
while (``reported``) so a late copy of an old answer cannot run it again.

Durability as the outbox: WAL with ``synchronous=FULL`` (FIELD-NOTES: ``NORMAL`` may lose the
last transaction on power loss).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.sqlite_tx import immediate

LEDGER_FILE = "commands.db"
RECEIVED, RUNNING, FINISHED, REPORTED = "received", "running", "finished", "reported"
# Reported ids are kept this long (seconds) before they are forgotten.
KEEP_REPORTED_S = 30 * 24 * 3600.0
INTERRUPTED = {"error": "interrupted", "reason": "the terminal stopped while the command ran"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS commands (
    id TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    state TEXT NOT NULL,
    received_at REAL NOT NULL,
    finished_at REAL,
    ok INTEGER,
    result TEXT
);
CREATE INDEX IF NOT EXISTS commands_state ON commands (state, received_at);
"""


@dataclass(frozen=True)
class Received:
    """A command waiting to run."""

    id: str
    command: str


class CommandLedger:
    """The ledger over one SQLite file; safe to share between threads.

    :param path: the database file (see :meth:`open`).
    :param clock: the current Unix time in seconds (injected in tests).
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.RLock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30
        )
        for pragma in ("journal_mode=WAL", "synchronous=FULL"):
            self._db.execute(f"PRAGMA {pragma}")
        self._db.executescript(SCHEMA)
        self._finish_interrupted()

    @classmethod
    def open(cls, data_dir: Path, **kwargs) -> CommandLedger:
        """The ledger of a terminal's data folder (``<data>/commands.db``)."""
        return cls(Path(data_dir) / LEDGER_FILE, **kwargs)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _transaction(self):
        return immediate(self._db, self._lock)

    def _finish_interrupted(self) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE commands SET state = ?, ok = 0, result = ?, finished_at = ? WHERE state = ?",
                (FINISHED, json.dumps(INTERRUPTED), self.clock(), RUNNING),
            )

    def receive(self, commands: list[Received]) -> list[str]:
        """Record commands handed out by the hub; returns the ids that were new (the others
        were seen before, whatever became of them, and are never run again)."""
        new = []
        now = self.clock()
        with self._transaction():
            for item in commands:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO commands (id, command, state, received_at) VALUES (?, ?, ?, ?)",
                    (item.id, item.command, RECEIVED, now),
                )
                if cursor.rowcount:
                    new.append(item.id)
        return new

    def waiting(self) -> list[Received]:
        """Commands received and not yet started, in the order the hub handed them out."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, command FROM commands WHERE state = ? ORDER BY rowid",
                (RECEIVED,),
            ).fetchall()
        return [Received(*row) for row in rows]

    def claim(self, command_id: str) -> bool:
        """Mark the command running; True only for the one caller that may run it."""
        with self._transaction():
            cursor = self._db.execute(
                "UPDATE commands SET state = ? WHERE id = ? AND state = ?",
                (RUNNING, command_id, RECEIVED),
            )
        return cursor.rowcount == 1

    def finish(self, command_id: str, *, ok: bool, result: dict) -> None:
        """Keep the result of a command that ran (committed before this returns)."""
        with self._transaction():
            self._db.execute(
                "UPDATE commands SET state = ?, ok = ?, result = ?, finished_at = ? WHERE id = ? AND state IN (?, ?)",
                (
                    FINISHED,
                    int(ok),
                    json.dumps(result, ensure_ascii=False, separators=(",", ":")),
                    self.clock(),
                    command_id,
                    RUNNING,
                    RECEIVED,
                ),
            )

    def unreported(self, *, limit: int) -> list[dict]:
        """Results to report, oldest first, as heartbeat ``done`` entries."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, ok, result FROM commands WHERE state = ? ORDER BY finished_at, rowid LIMIT ?",
                (FINISHED, limit),
            ).fetchall()
        return [{"id": row[0], "ok": bool(row[1]), "result": json.loads(row[2])} for row in rows]

    def reported(self, ids: list[str]) -> None:
        """The hub confirmed these results: drop them, keep the ids; forget very old ids."""
        with self._transaction():
            self._db.executemany(
                "UPDATE commands SET state = ?, result = NULL WHERE id = ? AND state = ?",
                [(REPORTED, command_id, FINISHED) for command_id in ids],
            )
            self._db.execute(
                "DELETE FROM commands WHERE state = ? AND finished_at < ?",
                (REPORTED, self.clock() - KEEP_REPORTED_S),
            )

    def state_of(self, command_id: str) -> str | None:
        """The state of one command (for diagnostics and tests), or None if never seen."""
        with self._lock:
            row = self._db.execute(
                "SELECT state FROM commands WHERE id = ?", (command_id,)
            ).fetchone()
        return row[0] if row else None
