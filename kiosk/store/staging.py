"""Pages of a large content update kept in ``content.db`` until the last one is in (m014).

A change set too large for one answer comes as signed pages (``GET /content?paged=true``).
Each verified page is kept here exactly as the hub sent it — body bytes and signature — in its
own small transaction, so a kill or a lost network costs at most the page being fetched: the
next sync resumes after the ``next`` cursor of the last page kept. The content tables are not
touched: the resident keeps seeing the old content, whole.

When the last page arrives, :meth:`ContentStore.apply_pages` writes every page and empties this
table in ONE transaction, so the new version appears all at once or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["ResumePoint", "StagedPages"]


@dataclass(frozen=True)
class ResumePoint:
    """Where a paged update stands: ``pages`` kept so far of ``(since, version]``, next after ``next``."""

    since: int
    version: int
    next: str
    pages: int


class StagedPages:
    """The ``sync_pages`` table of one :class:`~kiosk.store.ContentStore`."""

    def __init__(self, store) -> None:
        self.store = store

    def _write(self, sql: str, params: tuple = ()) -> None:
        with self.store._write_lock:
            conn = self.store.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(sql, params)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def resume_point(self, held_version: int) -> ResumePoint | None:
        """The paged update in progress from ``held_version``, or ``None``.

        Pages kept for another base version (the store changed since) are thrown away.
        """
        conn = self.store.db.conn
        first = conn.execute(
            "SELECT min(since), max(since), min(version), max(version), count(*) FROM sync_pages"
        ).fetchone()
        if not first[4]:
            return None
        low_since, high_since, low_version, high_version, count = first
        if low_since != high_since or low_version != high_version or low_since != held_version:
            self.clear()
            return None
        (next_cursor,) = conn.execute(
            "SELECT next FROM sync_pages ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return ResumePoint(low_since, low_version, next_cursor, count)

    def add(
        self,
        *,
        since: int,
        version: int,
        after: str | None,
        next_cursor: str,
        body: bytes,
        signature: str,
    ) -> None:
        """Keep one verified page (committed before this returns)."""
        self._write(
            "INSERT INTO sync_pages (since, version, after, next, body, signature)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (since, version, after, next_cursor, body, signature),
        )

    def clear(self) -> None:
        self._write("DELETE FROM sync_pages")

    def count(self) -> int:
        return self.store.db.conn.execute("SELECT count(*) FROM sync_pages").fetchone()[0]

    def pages(self) -> Iterator[tuple[bytes, str]]:
        """``(body, signature)`` of each kept page in order, one row read at a time."""
        conn = self.store.db.conn
        seq = -1
        while True:
            row = conn.execute(
                "SELECT seq, body, signature FROM sync_pages WHERE seq > ? ORDER BY seq LIMIT 1",
                (seq,),
            ).fetchone()
            if row is None:
                return
            seq = row[0]
            yield bytes(row[1]), row[2]
