"""Write content records (the dicts of :mod:`contract.records`) into the hub's staff tables.

Used by ``legal-hub demo`` and the CSV import; the admin pages may use it too. Rows are upserted
by id, so loading the same records twice changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, RowMapping, Table, delete, func, insert, select, update

from hub.models.tables import (
    advisers,
    announcements,
    articles,
    categories,
    duty_periods,
    institutions,
    media,
)
from hub.models.types import utcnow


def upsert(conn: Connection, table: Table, row: dict) -> None:
    """Update the row with ``row["id"]`` or insert it (portable across SQLite and PostgreSQL)."""
    values = {k: v for k, v in row.items() if k != "id"}
    done = conn.execute(update(table).where(table.c.id == row["id"]).values(**values)).rowcount
    if not done:
        conn.execute(insert(table).values(**row))


def record_by_id(conn: Connection, *, table: Table, record_id: str) -> RowMapping | None:
    """One row of ``table`` by its ``id`` (None when there is none)."""
    return conn.execute(select(table).where(table.c.id == record_id)).mappings().first()


def announcements_newest_first(conn: Connection) -> list[RowMapping]:
    """Every announcement, the last changed first (the admin's list)."""
    query = select(announcements).order_by(announcements.c.updated_at.desc())
    return list(conn.execute(query).mappings().all())


def record_exists(conn: Connection, *, table: Table, record_id: str) -> bool:
    return conn.execute(select(table.c.id).where(table.c.id == record_id)).first() is not None


def delete_row(conn: Connection, *, table: Table, record_id: str) -> bool:
    """Delete one row by ``id``; False when there was none."""
    return bool(conn.execute(delete(table).where(table.c.id == record_id)).rowcount)


def media_mime(conn: Connection, *, sha256: str) -> str | None:
    """The MIME type of a stored media file, None when the hub has no such file."""
    return conn.execute(select(media.c.mime).where(media.c.id == sha256)).scalar()


def count_articles_in(conn: Connection, *, category_id: str) -> int:
    """How many guides belong to a category."""
    return conn.execute(
        select(func.count()).select_from(articles).where(articles.c.category_id == category_id)
    ).scalar_one()


def parse_time(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


def save_institution(conn: Connection, record: dict) -> None:
    row = dict(record)
    row["updated_at"] = parse_time(record.get("updated_at")) or utcnow()
    upsert(conn, institutions, row)


def save_adviser(conn: Connection, record: dict) -> None:
    row = {k: v for k, v in record.items() if k != "duty_hours"}
    row["updated_at"] = parse_time(record.get("updated_at")) or utcnow()
    upsert(conn, advisers, row)
    conn.execute(delete(duty_periods).where(duty_periods.c.adviser_id == record["id"]))
    periods = [{"adviser_id": record["id"], **p} for p in record.get("duty_hours", [])]
    if periods:
        conn.execute(insert(duty_periods), periods)


def parse_day(value: str | None) -> date | None:
    """An ISO date ``YYYY-MM-DD`` of a record ("" or None: no date)."""
    return None if not value else date.fromisoformat(value)


def save_article(conn: Connection, record: dict, *, status: str = "published") -> None:
    now = utcnow()
    updated = parse_time(record.get("updated_at")) or now
    row = {
        **record,
        "status": status,
        "updated_at": updated,
        "review_by": parse_day(record.get("review_by")),
    }
    done = conn.execute(
        update(articles)
        .where(articles.c.id == record["id"])
        .values(**{k: v for k, v in row.items() if k != "id"})
    ).rowcount
    if not done:
        conn.execute(
            insert(articles).values(
                **row, created_at=updated, published_at=now if status == "published" else None
            )
        )


def save_announcement(conn: Connection, record: dict, *, status: str = "published") -> None:
    row = {**record, "status": status}
    for key in ("starts_at", "ends_at", "updated_at"):
        row[key] = parse_time(record.get(key))
    row["updated_at"] = row["updated_at"] or utcnow()
    upsert(conn, announcements, row)


def save_category(conn: Connection, record: dict) -> None:
    """Save a category; its ``hot_questions`` (when given) are the staff's own list, kept in
    ``staff_hot_questions`` ([] clears it); ``popular`` is computed at publish, never stored."""
    row = {k: v for k, v in record.items() if k not in ("hot_questions", "popular")}
    if "hot_questions" in record:
        row["staff_hot_questions"] = list(record["hot_questions"]) or None
    upsert(conn, categories, {**row, "updated_at": utcnow()})


def save_media(conn: Connection, record: dict) -> None:
    upsert(conn, media, {**record, "created_at": utcnow()})


SAVERS = {
    "categories": save_category,
    "institutions": save_institution,
    "advisers": save_adviser,
    "articles": save_article,
    "announcements": save_announcement,
    "media": save_media,
}


def load_content(conn: Connection, content: dict[str, list[dict]]) -> dict[str, int]:
    """Save every record of ``{collection: [records]}`` (in dependency order); returns counts."""
    counts = {}
    for collection in (
        "categories",
        "institutions",
        "media",
        "advisers",
        "articles",
        "announcements",
    ):
        records = content.get(collection, [])
        for record in records:
            SAVERS[collection](conn, record)
        counts[collection] = len(records)
    return counts
