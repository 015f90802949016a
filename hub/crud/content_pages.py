"""The content a terminal needs, in pages: the changes from ``since`` to ``version`` in key order.

A terminal holding version ``since`` needs, for every record changed in ``(since, version]``,
that record's state at ``version`` (an upsert, or a delete of its id); from ``since = 0`` it
needs every record that exists at ``version`` (upserts only). :func:`content_page` returns the
part of that set whose keys ``(collection, record_id)`` come after a cursor, in the database's
key order, up to a byte budget, and the cursor of the next page (``None`` on the last).

A page is a pure function of ``(since, version, cursor, budget)`` because the change log is
append-only: asked again later, after more publishes, it holds the same records. That is what
lets a terminal resume a first sync of any size from its last page. The cheap road (the latest
version from 0: ``content_published`` by its primary key) is checked afterwards against the
latest version; anything else is folded from ``content_changes``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, literal, select, tuple_

from contract.api import CONTENT_CURSOR_RE
from contract.records import COLLECTIONS
from hub.crud.publish import latest_version
from hub.models.tables import content_changes, content_published

__all__ = ["Page", "content_page", "cursor_text", "parse_cursor"]

RECORD_BATCH = 500  # change-log records fetched per query while filling a page
STREAM_ROWS = 1_000  # rows a server-side cursor (PostgreSQL) fetches at a time

Key = tuple[str, str]


def parse_cursor(text: str) -> Key:
    """``"collection:record_id"`` → the key; raises ValueError with a sentence."""
    match = CONTENT_CURSOR_RE.match(text)
    if match is None or match.group(1) not in COLLECTIONS:
        raise ValueError("after must be a cursor of the form collection:record_id from a page")
    return match.group(1), match.group(2)


def cursor_text(key: Key) -> str:
    return f"{key[0]}:{key[1]}"


def _record_bytes(record: dict) -> int:
    return len(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")) + 1


@dataclass
class Page:
    """One page: ``changes`` in the shape of ``GET /content``; ``next`` is ``None`` on the last."""

    max_bytes: int | None
    changes: dict[str, dict[str, list]] = field(default_factory=dict)
    next: str | None = None
    size: int = 0
    _last: Key | None = None

    def add(self, key: Key, op: str, record: dict | None) -> bool:
        """Add one entry unless the page is full (it always takes its first entry)."""
        cost = _record_bytes(record) if record is not None else len(key[1]) + 3
        if self.max_bytes is not None and self.size and self.size + cost > self.max_bytes:
            self.next = cursor_text(self._last) if self._last else None
            return False
        part = self.changes.setdefault(key[0], {"upsert": [], "delete": []})
        if op == "upsert":
            part["upsert"].append(record)
        else:
            part["delete"].append(key[1])
        self.size += cost
        self._last = key
        return True


def _after(table, after: Key | None):
    if after is None:
        return []
    return [
        tuple_(table.c.collection, table.c.record_id) > tuple_(literal(after[0]), literal(after[1]))
    ]


def _from_published(conn: Connection, page: Page, after: Key | None) -> None:
    query = (
        select(
            content_published.c.collection,
            content_published.c.record_id,
            content_published.c.record,
        )
        .where(*_after(content_published, after))
        .order_by(content_published.c.collection, content_published.c.record_id)
        .execution_options(yield_per=STREAM_ROWS)
    )
    result = conn.execute(query)
    try:
        for row in result:
            if not page.add((row.collection, row.record_id), "upsert", row.record):
                break
    finally:
        result.close()


def _last_changes(conn: Connection, since: int, version: int, after: Key | None):
    """``(key, op, change id)`` of the last change of each key in ``(since, version]``, in key order."""
    query = (
        select(
            content_changes.c.id,
            content_changes.c.collection,
            content_changes.c.record_id,
            content_changes.c.op,
        )
        .where(
            content_changes.c.version > since,
            content_changes.c.version <= version,
            *_after(content_changes, after),
        )
        .order_by(
            content_changes.c.collection,
            content_changes.c.record_id,
            content_changes.c.version,
            content_changes.c.id,
        )
        .execution_options(yield_per=STREAM_ROWS)
    )
    result = conn.execute(query)
    try:
        pending = None
        for row in result:
            key = (row.collection, row.record_id)
            if pending is not None and pending[0] != key:
                yield pending
            pending = (key, row.op, row.id)
        if pending is not None:
            yield pending
    finally:
        result.close()


def _fill(conn: Connection, page: Page, batch: list) -> bool:
    """Add a batch of last changes to the page (records read in one query); False once full."""
    ids = [change_id for _key, op, change_id in batch if op == "upsert"]
    records = {}
    if ids:
        rows = conn.execute(
            select(content_changes.c.id, content_changes.c.record).where(
                content_changes.c.id.in_(ids)
            )
        )
        records = {row.id: row.record for row in rows}
    for key, op, change_id in batch:
        if not page.add(key, op, records.get(change_id) if op == "upsert" else None):
            return False
    return True


def _from_changes(
    conn: Connection, page: Page, since: int, version: int, after: Key | None
) -> None:
    batch: list = []
    for key, op, change_id in _last_changes(conn, since, version, after):
        if since == 0 and op == "delete":
            continue  # a terminal with nothing has nothing to delete
        batch.append((key, op, change_id))
        if len(batch) >= RECORD_BATCH:
            if not _fill(conn, page, batch):
                return
            batch = []
    if batch:
        _fill(conn, page, batch)


def content_page(
    conn: Connection, *, since: int, version: int, after: Key | None, max_bytes: int | None
) -> Page:
    """The page of changes ``(since, version]`` after the key ``after``, at most ``max_bytes``
    of records (one record more than that only when a single record is larger); ``None`` for no
    bound (the whole answer as one page). ``version`` must exist and be newer than ``since``.
    """
    if since == 0 and version == latest_version(conn):
        page = Page(max_bytes)
        _from_published(conn, page, after)
        # Under READ COMMITTED a publish may have landed between the two reads: if the latest
        # version is still ``version`` now, it was before the rows were read, and they hold it.
        if latest_version(conn) == version:
            return page
    page = Page(max_bytes)
    _from_changes(conn, page, since, version, after)
    return page
