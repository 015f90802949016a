"""What a terminal holding content version ``since`` needs to reach the latest version."""

from __future__ import annotations

from sqlalchemy import Connection, select

from contract.records import COLLECTIONS
from hub.crud.publish import latest_version
from hub.models.tables import content_changes, content_published

__all__ = ["changes_since", "latest_version"]


def _empty() -> dict[str, dict[str, list]]:
    return {c: {"upsert": [], "delete": []} for c in COLLECTIONS}


def changes_since(conn: Connection, since: int, version: int) -> dict[str, dict[str, list]]:
    """``{collection: {"upsert": [records], "delete": [ids]}}`` from ``since`` to ``version``.

    From 0 it is the whole published content; otherwise the change log collapsed to the last
    operation per record. Collections without changes are left out.
    """
    changes = _empty()
    if since == 0:
        rows = conn.execute(
            select(content_published.c.collection, content_published.c.record)
            .where(content_published.c.version <= version)
            .order_by(content_published.c.collection, content_published.c.record_id)
        )
        for row in rows:
            changes[row.collection]["upsert"].append(row.record)
    else:
        last: dict[tuple[str, str], tuple[str, dict | None]] = {}
        rows = conn.execute(
            select(
                content_changes.c.collection,
                content_changes.c.record_id,
                content_changes.c.op,
                content_changes.c.record,
            )
            .where(content_changes.c.version > since, content_changes.c.version <= version)
            .order_by(content_changes.c.version, content_changes.c.id)
        )
        for row in rows:
            last[(row.collection, row.record_id)] = (row.op, row.record)
        for (collection, record_id), (op, record) in sorted(last.items()):
            if op == "upsert":
                changes[collection]["upsert"].append(record)
            else:
                changes[collection]["delete"].append(record_id)
    return {c: v for c, v in changes.items() if v["upsert"] or v["delete"]}
