"""Validating and writing one content update in a single transaction (used by ``ContentStore.apply``)."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from typing import Any, cast

from contract.geo import to_wgs84
from contract.records import COLLECTIONS, RecordInvalid, validate_id, validate_record
from kiosk.errors import ContentRejected
from kiosk.search.synonyms import refresh_synonym_words
from kiosk.store.index import IndexUpdate, PreparedArticle, optimize_index, prepare_article

logger = logging.getLogger(__name__)

# An update that adds or removes at least this share of the articles held is a bulk load:
# the search index is merged into one segment afterwards (see optimize_index).
OPTIMIZE_SHARE = 0.25

JSON_FIELDS = {
    "categories": ("hot_questions", "popular"),
    "articles": ("tags", "law_refs", "media"),
    "institutions": ("services",),
    "advisers": ("serves", "duty_hours"),
    "synonyms": ("targets",),
}


def validate_changes(changes: object, version: object) -> dict[str, tuple[list[dict], list[str]]]:
    """Check the shape and every record; ``{collection: (upserts, deletes)}`` in apply order."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ContentRejected(f"version must be a whole number >= 0, got {version!r}")
    if not isinstance(changes, dict):
        raise ContentRejected("changes must be an object of collections")
    unknown = sorted(set(changes) - set(COLLECTIONS))
    if unknown:
        raise ContentRejected(f"unknown collection {unknown[0]!r}")
    plan = {}
    for collection in COLLECTIONS:
        part = changes.get(collection)
        if part is None:
            continue
        if not isinstance(part, dict) or set(part) - {"upsert", "delete"}:
            raise ContentRejected(f"{collection}: must be an object with 'upsert' and/or 'delete'")
        upserts, deletes = part.get("upsert") or [], part.get("delete") or []
        if not isinstance(upserts, list) or not isinstance(deletes, list):
            raise ContentRejected(f"{collection}: 'upsert' and 'delete' must be lists")
        try:
            records = [validate_record(collection, r) for r in upserts]
            ids = [validate_id(collection, i) for i in deletes]
        except RecordInvalid as exc:
            raise ContentRejected(str(exc)) from None
        seen = [r["id"] for r in records]
        if len(set(seen)) != len(seen):
            raise ContentRejected(f"{collection}: the same id is upserted twice")
        if set(seen) & set(ids):
            raise ContentRejected(f"{collection}: an id is both upserted and deleted")
        plan[collection] = (records, ids)
    return plan


def _row(collection: str, record: dict) -> dict:
    row = dict(record)
    for name in JSON_FIELDS.get(collection, ()):
        row[name] = json.dumps(row[name], ensure_ascii=False)
    if collection == "institutions":
        if record["lat"] == 0 and record["lng"] == 0:  # no position: "address only"
            row["lat_w"] = row["lng_w"] = None
        else:
            row["lat_w"], row["lng_w"] = to_wgs84(record["lat"], record["lng"], record["datum"])
    return row


def _prepare(plan: dict) -> dict[str, tuple[list[str], list[tuple], list[PreparedArticle]]]:
    """Everything computed ahead of the transaction: table rows, and index data of articles."""
    prepared = {}
    for collection, (records, _ids) in plan.items():
        rows = [_row(collection, r) for r in records]
        names = list(rows[0]) if rows else []
        articles = [prepare_article(r) for r in records] if collection == "articles" else []
        prepared[collection] = (names, [tuple(row[n] for n in names) for row in rows], articles)
    return prepared


def _write_collection(conn, collection: str, ids: list[str], prepared, index: IndexUpdate) -> None:
    names, rows, articles = prepared
    if collection == "articles":
        for article_id in ids + [a.article["id"] for a in articles]:
            index.remove(article_id)
    if ids:
        conn.executemany(f"DELETE FROM {collection} WHERE id = ?", [(i,) for i in ids])
    if rows:
        conn.executemany(
            f"INSERT OR REPLACE INTO {collection} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            rows,
        )
    for article in articles:
        index.add(article)


def _check_references(conn) -> None:
    orphan = conn.execute(
        "SELECT a.id, a.category_id FROM articles a LEFT JOIN categories c ON c.id = a.category_id"
        " WHERE c.id IS NULL LIMIT 1"
    ).fetchone()
    if orphan:
        raise ContentRejected(
            f"articles.category_id: article {orphan[0]} names missing category {orphan[1]}"
        )


def _optimize_after_bulk(conn, articles_changed: int) -> None:
    if not articles_changed:
        return
    held = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    if articles_changed < OPTIMIZE_SHARE * held:
        return  # a small update: FTS5's own automerge keeps the segments in check
    try:
        optimize_index(conn)
    except sqlite3.Error:  # the update itself is committed; merging can wait for the next one
        logger.warning("merging the search index failed", exc_info=True)


Batch = tuple[dict, dict]  # (validated plan, prepared rows) of one part of an update


def _write_update(
    conn,
    version: int,
    batches: Iterable[Batch],
    before_commit: Callable[[Any], None] | None = None,
) -> tuple[dict, list[str]]:
    """One ``BEGIN IMMEDIATE`` transaction writing every batch, the index and the version.

    ``batches`` may be a generator: each batch is then validated and prepared inside the
    transaction, so a change set of any size is written with one batch in memory at a time.
    ``before_commit(conn)`` runs last inside the transaction. Returns ``(summary, removed media)``.
    """
    summary: dict[str, dict[str, int]] = {}
    removed_media: list[str] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        held = conn.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
        held_version = int(held[0]) if held else 0
        if version < held_version:
            raise ContentRejected(
                f"version {version} is older than the version held ({held_version})"
            )
        index = IndexUpdate(conn)
        for plan, prepared in batches:
            for collection, (records, ids) in plan.items():
                _write_collection(conn, collection, ids, prepared[collection], index)
                counts = summary.setdefault(collection, {"upsert": 0, "delete": 0})
                counts["upsert"] += len(records)
                counts["delete"] += len(ids)
            removed_media += plan.get("media", ([], []))[1]
        index.finish()
        if "articles" in summary or "synonyms" in summary:
            refresh_synonym_words(conn)
        _check_references(conn)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('content_version', ?)",
            (str(version),),
        )
        if before_commit is not None:
            before_commit(conn)
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise ContentRejected(f"the update could not be written ({exc})") from exc
        raise
    return summary, removed_media


def _articles_changed(summary: dict) -> int:
    articles = summary.get("articles", {"upsert": 0, "delete": 0})
    return articles["upsert"] + articles["delete"]


def apply_changes(
    db, changes: object, *, version: object, timing: dict | None = None
) -> tuple[dict, list[str]]:
    """Validate and prepare (segmentation, tokens), then write in one ``BEGIN IMMEDIATE`` transaction.

    Returns ``(summary, deleted media ids)``; the caller removes those files after the commit.
    ``timing`` (if given) receives ``prepare_s`` and ``transaction_s``: readers never wait on
    the first, and a second writer waits only on the second.
    """
    started = time.perf_counter()
    plan = validate_changes(changes, version)
    version = cast(int, version)  # validate_changes refused anything but a whole number >= 0
    prepared = _prepare(plan)
    in_transaction = time.perf_counter()
    summary, removed = _write_update(db.conn, version, [(plan, prepared)])
    committed = time.perf_counter()
    _optimize_after_bulk(db.conn, _articles_changed(summary))
    if timing is not None:
        timing["prepare_s"] = in_transaction - started
        timing["transaction_s"] = committed - in_transaction
        timing["optimize_s"] = time.perf_counter() - committed
    return summary, removed


def apply_change_batches(
    db,
    batches: Iterable[dict],
    *,
    version: int,
    before_commit: Callable[[Any], None] | None = None,
) -> tuple[dict, list[str]]:
    """Apply an update given in parts (the pages of a large change set) in ONE transaction.

    Each part is validated and prepared when its turn comes, inside the transaction; readers
    keep seeing the old content until the commit. ``before_commit(conn)`` runs inside it too.
    """
    prepared = ((plan, _prepare(plan)) for plan in (validate_changes(c, version) for c in batches))
    summary, removed = _write_update(db.conn, version, prepared, before_commit)
    _optimize_after_bulk(db.conn, _articles_changed(summary))
    return summary, removed
