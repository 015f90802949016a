"""The terminal's offline content store: ``<data>/content.db`` (SQLite via sqlite-utils, WAL).

Screens read through intention-named methods; the sync service writes whole updates with
:meth:`ContentStore.apply`, in one transaction together with the search index and the keyboard
vocabulary. Each thread gets its own connection, so the UI thread keeps reading the last
committed content while an update is being written on the sync thread (WAL snapshot reads).
Media files live in ``<data>/media/<sha256>``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import overload

import sqlite_utils

from kiosk.errors import StoreError
from kiosk.store.apply import JSON_FIELDS, apply_change_batches, apply_changes
from kiosk.store.media import MediaFiles
from kiosk.store.schema import migrations
from kiosk.store.staging import StagedPages

logger = logging.getLogger(__name__)

DB_NAME = "content.db"
BUSY_TIMEOUT_MS = 30_000
WAL_SIZE_LIMIT_BYTES = 16_000_000
HIDDEN_FIELDS = {"institutions": ("lat_w", "lng_w")}
ASSIGNED_ADVISER_KEY = "assigned_adviser_id"  # in ``meta``: from the hub's heartbeat answer


@overload
def decode(table: str, row: dict) -> dict: ...
@overload
def decode(table: str, row: None) -> None: ...
def decode(table: str, row: dict | None) -> dict | None:
    """A stored row back as the content-model record (JSON lists decoded, helper columns dropped)."""
    if row is None:
        return None
    record = dict(row)
    for name in JSON_FIELDS.get(table, ()):
        record[name] = json.loads(record[name]) if record.get(name) else []
    for name in HIDDEN_FIELDS.get(table, ()):
        record.pop(name, None)
    return record


class ContentStore:
    """Repository over ``content.db``. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.media = MediaFiles(self.data_dir / "media")
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._write_lock = threading.Lock()
        # Seconds of the last apply(): "prepare_s" (no lock held) and "transaction_s" (write lock).
        self.last_apply_timing: dict[str, float] = {}
        # Pages of a large update waiting for the last one (sync_pages, m014).
        self.staging = StagedPages(self)

    @classmethod
    def open(cls, data_dir: Path | str) -> ContentStore:
        """Open (creating and migrating if needed) the store in ``data_dir``."""
        store = cls(Path(data_dir))
        try:
            store.data_dir.mkdir(parents=True, exist_ok=True)
            db = store.db
            db.execute("PRAGMA journal_mode=WAL")
            migrations.apply(db)
        except (sqlite3.Error, OSError) as exc:
            store.close()
            raise StoreError(f"{store.path}: cannot open the content store ({exc})") from exc
        return store

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection (opened on first use in each thread)."""
        db = getattr(self._local, "db", None)
        if db is None:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous=NORMAL")
            # A big update leaves a WAL as large as itself; cut it back after each checkpoint.
            conn.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT_BYTES}")
            db = sqlite_utils.Database(conn)
            self._local.db = db
            with self._lock:
                self._close_dead_threads_connections()
                self._connections.append((threading.current_thread(), conn))
        return db

    def _close_dead_threads_connections(self) -> None:
        """Threads come and go (sync workers): close the connections of those that have ended."""
        alive = []
        for thread, conn in self._connections:
            if thread.is_alive():
                alive.append((thread, conn))
            else:
                conn.close()
        self._connections = alive

    def close(self) -> None:
        """Close every connection this store opened (in any thread)."""
        with self._lock:
            for _, conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[ContentStore]:
        """Several reads that must see one version: a read transaction on this thread's connection."""
        conn = self.db.conn
        conn.execute("BEGIN")
        try:
            yield self
        finally:
            conn.execute("COMMIT")

    def __enter__(self) -> ContentStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, table: str, sql: str, params=()) -> list[dict]:
        cursor = self.db.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [decode(table, dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def _one(self, table: str, record_id: object) -> dict | None:
        if not isinstance(record_id, str):
            return None
        rows = self._rows(table, f"SELECT * FROM {table} WHERE id = ?", (record_id,))
        return rows[0] if rows else None

    # -- reads ---------------------------------------------------------------------------------

    def categories_with_counts(self) -> list[dict]:
        """Every category with ``count`` = its number of articles, in display order."""
        return self._rows(
            "categories",
            "SELECT c.*, (SELECT count(*) FROM articles a WHERE a.category_id = c.id) AS count"
            " FROM categories c ORDER BY c.sort, c.name, c.id",
        )

    def articles_in_category(self, category_id: str) -> list[dict]:
        """The articles of one category, ordered by title."""
        return self._rows(
            "articles",
            "SELECT * FROM articles WHERE category_id = ? ORDER BY title, id",
            (category_id,),
        )

    def article(self, article_id: str) -> dict | None:
        return self._one("articles", article_id)

    def category(self, category_id: str) -> dict | None:
        """One category with its ``hot_questions`` and ``popular`` lists (``[]`` when none)."""
        return self._one("categories", category_id)

    def category_of_article(self, article_id: str) -> str | None:
        """The category id of an article, None when the article is unknown."""
        row = self.db.execute(
            "SELECT category_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def popular_articles(self, limit: int = 6, category_ids: list[str] | None = None) -> list[dict]:
        """The most-read guides of the categories (all when ``category_ids`` is None), as rows
        like :meth:`articles_in_category`.

        The hub publishes each category's most-read guides (``popular``); they come in the
        categories' display order, taking each category's first, then each one's second, and so
        on, so several categories share the places. When no category has usage yet, the newest
        guides of those categories stand in.
        """
        limit = max(0, int(limit))
        wanted = None if category_ids is None else set(category_ids)
        if not limit or wanted == set():
            return []
        lists = [
            c["popular"]
            for c in self._rows(
                "categories", "SELECT id, popular FROM categories ORDER BY sort, name, id"
            )
            if wanted is None or c["id"] in wanted
        ]
        ranked: list[str] = []
        for rank in range(max((len(ids) for ids in lists), default=0)):
            ranked += [ids[rank] for ids in lists if rank < len(ids) and ids[rank] not in ranked]
        found = {a["id"]: a for a in self._articles_by_id(ranked)}
        rows = [
            found[i]
            for i in ranked
            if i in found and (wanted is None or found[i]["category_id"] in wanted)
        ]
        if rows:
            return rows[:limit]
        return self._newest_articles(limit, wanted)

    def _articles_by_id(self, ids: list[str]) -> list[dict]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return self._rows("articles", f"SELECT * FROM articles WHERE id IN ({marks})", ids)

    def _newest_articles(self, limit: int, category_ids: set[str] | None) -> list[dict]:
        if category_ids is None:
            return self._rows(
                "articles", "SELECT * FROM articles ORDER BY updated_at DESC, id LIMIT ?", (limit,)
            )
        ids = sorted(category_ids)
        marks = ",".join("?" * len(ids))
        return self._rows(
            "articles",
            f"SELECT * FROM articles WHERE category_id IN ({marks})"
            " ORDER BY updated_at DESC, id LIMIT ?",
            (*ids, limit),
        )

    def institution(self, institution_id: str) -> dict | None:
        return self._one("institutions", institution_id)

    def institutions(self, type: str | None = None) -> list[dict]:  # noqa: A002 - the record field
        """All institutions, or those of one ``type``, ordered by name."""
        if type is None:
            return self._rows("institutions", "SELECT * FROM institutions ORDER BY name, id")
        return self._rows(
            "institutions", "SELECT * FROM institutions WHERE type = ? ORDER BY name, id", (type,)
        )

    def advisers(self) -> list[dict]:
        return self._rows("advisers", "SELECT * FROM advisers ORDER BY name, id")

    def advisers_for(self, village: str) -> list[dict]:
        """The advisers whose ``serves`` list names ``village`` exactly."""
        return self._rows(
            "advisers",
            "SELECT * FROM advisers WHERE EXISTS (SELECT 1 FROM json_each(advisers.serves) WHERE value = ?)"
            " ORDER BY name, id",
            (village,),
        )

    def adviser(self, adviser_id: str) -> dict | None:
        return self._one("advisers", adviser_id)

    def announcements(self, now: datetime | None = None) -> list[dict]:
        """Announcements running at ``now`` (default: the current time), newest start first."""
        now = now or datetime.now(UTC)
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        running = []
        for item in self._rows("announcements", "SELECT * FROM announcements"):
            starts = datetime.fromisoformat(item["starts_at"]) if item["starts_at"] else None
            ends = datetime.fromisoformat(item["ends_at"]) if item["ends_at"] else None
            if (starts is None or starts <= now) and (ends is None or now < ends):
                running.append(item)
        running.sort(key=lambda a: (a["starts_at"] or "", a["updated_at"]), reverse=True)
        return running

    def content_version(self) -> int:
        value = self.meta("content_version")
        return int(value) if value else 0

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write_lock, self.db.conn:
            self.db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value))
            )

    def assigned_adviser_id(self) -> str | None:
        """The adviser the hub assigned to this terminal (its last heartbeat answer), if any."""
        return self.meta(ASSIGNED_ADVISER_KEY) or None

    def set_assigned_adviser(self, adviser_id: str | None) -> None:
        """Remember the hub's assignment (``None``: no adviser is assigned any more)."""
        with self._write_lock, self.db.conn:
            if adviser_id:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                    (ASSIGNED_ADVISER_KEY, adviser_id),
                )
            else:
                self.db.execute("DELETE FROM meta WHERE key = ?", (ASSIGNED_ADVISER_KEY,))

    def media_path(self, sha256: str) -> Path | None:
        """The file of an indexed media item, or ``None`` if unknown or not downloaded yet."""
        if self._one("media", sha256) is None:
            return None
        return self.media.path(sha256)

    def save_media(self, sha256: str, data: bytes) -> Path:
        """Store downloaded media bytes under their hash; raises ``ContentRejected`` on a mismatch."""
        return self.media.save(sha256, data)

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check`` of the database: ``"ok"`` when healthy."""
        return "; ".join(row[0] for row in self.db.execute("PRAGMA integrity_check").fetchall())

    # -- write ---------------------------------------------------------------------------------

    def apply(self, changes: dict, *, version: int) -> dict:
        """Apply one content update atomically; returns ``{collection: {"upsert": n, "delete": n}}``.

        Every record is validated with :func:`contract.records.validate_record` first; the
        writes, the search index, the vocabulary and the new ``content_version`` are committed in
        one transaction. Raises :class:`~kiosk.errors.ContentRejected` (nothing changed) on any
        invalid record, a version older than the one held, or an article whose category is missing.
        """
        timing: dict[str, float] = {}
        with self._write_lock:
            summary, removed_media = apply_changes(self.db, changes, version=version, timing=timing)
        self.last_apply_timing = timing
        for sha256 in removed_media:
            self.media.remove(sha256)
        logger.info("content version %s applied: %s", version, summary)
        return summary

    def apply_pages(self, pages: Iterable[dict], *, version: int) -> dict:
        """Apply an update given as the ``changes`` of its pages, and empty the staged pages,
        in ONE transaction (as :meth:`apply`; each page is read and prepared in its turn)."""
        with self._write_lock:
            summary, removed_media = apply_change_batches(
                self.db,
                pages,
                version=version,
                before_commit=lambda conn: conn.execute("DELETE FROM sync_pages"),
            )
        for sha256 in removed_media:
            self.media.remove(sha256)
        logger.info("content version %s applied from pages: %s", version, summary)
        return summary
