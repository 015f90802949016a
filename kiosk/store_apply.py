"""Validating and writing one content update in a single transaction (used by ``ContentStore.apply``)."""

from __future__ import annotations

import json
import logging
import sqlite3

from kiosk.content_model import COLLECTIONS, RecordInvalid, validate_id, validate_record
from kiosk.errors import ContentRejected
from kiosk.geo import to_wgs84
from kiosk.store_index import IndexUpdate

logger = logging.getLogger(__name__)

JSON_FIELDS = {
    "articles": ("tags", "law_refs", "media"),
    "institutions": ("services",),
    "advisers": ("serves", "duty_hours"),
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


def _write_collection(
    conn, collection: str, records: list[dict], ids: list[str], index: IndexUpdate
) -> None:
    if collection == "articles":
        for article_id in ids + [r["id"] for r in records]:
            index.remove(article_id)
    if ids:
        conn.executemany(f"DELETE FROM {collection} WHERE id = ?", [(i,) for i in ids])
    if records:
        rows = [_row(collection, r) for r in records]
        names = list(rows[0])
        conn.executemany(
            f"INSERT OR REPLACE INTO {collection} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [tuple(row[n] for n in names) for row in rows],
        )
    if collection == "articles":
        for record in records:
            index.add(record)


def _check_references(conn) -> None:
    orphan = conn.execute(
        "SELECT a.id, a.category_id FROM articles a LEFT JOIN categories c ON c.id = a.category_id"
        " WHERE c.id IS NULL LIMIT 1"
    ).fetchone()
    if orphan:
        raise ContentRejected(
            f"articles.category_id: article {orphan[0]} names missing category {orphan[1]}"
        )


def apply_changes(db, changes: object, *, version: object) -> tuple[dict, list[str]]:
    """Validate, then write everything in one ``BEGIN IMMEDIATE`` transaction.

    Returns ``(summary, deleted media ids)``; the caller removes those files after the commit.
    """
    plan = validate_changes(changes, version)
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        held = conn.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
        held_version = int(held[0]) if held else 0
        if version < held_version:
            raise ContentRejected(
                f"version {version} is older than the version held ({held_version})"
            )
        index = IndexUpdate(conn)
        for collection, (records, ids) in plan.items():
            _write_collection(conn, collection, records, ids, index)
        index.finish()
        _check_references(conn)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('content_version', ?)",
            (str(version),),
        )
        conn.execute("COMMIT")
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise ContentRejected(f"the update could not be written ({exc})") from exc
        raise
    summary = {c: {"upsert": len(r), "delete": len(i)} for c, (r, i) in plan.items()}
    return summary, list(plan.get("media", ([], []))[1])
