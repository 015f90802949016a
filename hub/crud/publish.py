"""Publish: turn what staff marked published into one new content version for the terminals.

:func:`current_records` builds every record a terminal should hold (published articles and
announcements, all categories and institutions, active advisers with their duty hours, staff
synonyms, media used by published articles), validated with :mod:`contract.records`. :func:`publish` diffs
them against ``content_published`` and writes the differences as ``content_changes`` of a new
``content_versions`` row. Call it inside ``writing(engine)``. Each category record carries its
hot questions and most-read guides as computed then (:mod:`hub.crud.highlights`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from datetime import datetime, tzinfo

from sqlalchemy import Connection, delete, func, insert, select, text, update

from contract.records import COLLECTIONS, INSTITUTION_FIELDS, RecordInvalid, validate_record
from hub.core.clock import now_utc
from hub.crud.highlights import Highlights, category_highlights
from hub.models.tables import (
    advisers,
    announcements,
    articles,
    categories,
    content_changes,
    content_published,
    content_versions,
    duty_periods,
    institutions,
    media,
)
from hub.models.types import utcnow

from .synonyms import published_synonyms

logger = logging.getLogger(__name__)

PUBLISH_LOCK_ID = 834_801  # pg_advisory_xact_lock key: one publish at a time across processes


class PublishError(ValueError):
    """A record cannot be published; the message names the collection, id and field.

    :ivar record_id: the id of the record at fault.
    :ivar error: the :class:`~contract.records.RecordInvalid` it raised (field, reason, values).
    """

    def __init__(self, record_id: str, error: RecordInvalid) -> None:
        super().__init__(f"{error.collection} {record_id}: {error}")
        self.record_id = record_id
        self.error = error


def iso(value: datetime | None) -> str | None:
    """UTC timestamp text with offset, seconds precision (what content records carry)."""
    return None if value is None else value.replace(microsecond=0).isoformat()


def _categories(conn: Connection, now: datetime, zone: tzinfo) -> list[dict]:
    highlights = category_highlights(conn, now=now, zone=zone)
    rows = conn.execute(select(categories).order_by(categories.c.sort, categories.c.id)).mappings()
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "name_en": r["name_en"],
            "icon": r["icon"],
            "sort": r["sort"],
            "hot_questions": highlights.get(r["id"], Highlights()).hot_questions,
            "popular": highlights.get(r["id"], Highlights()).popular,
        }
        for r in rows
    ]


def _institutions(conn: Connection) -> list[dict]:
    rows = conn.execute(select(institutions).order_by(institutions.c.id)).mappings()
    return [
        {
            **{k: r[k] for k in INSTITUTION_FIELDS},
            "updated_at": iso(r["updated_at"]),
        }
        for r in rows
    ]


def _advisers(conn: Connection) -> list[dict]:
    periods: dict[str, list[dict]] = defaultdict(list)
    for p in conn.execute(
        select(duty_periods).order_by(duty_periods.c.weekday, duty_periods.c.start)
    ):
        periods[p.adviser_id].append({"weekday": p.weekday, "start": p.start, "end": p.end})
    rows = conn.execute(select(advisers).where(advisers.c.active.is_(True)).order_by(advisers.c.id))
    return [
        {
            "id": r.id,
            "name": r.name,
            "title": r.title,
            "institution_id": r.institution_id,
            "serves": r.serves,
            "duty_hours": periods.get(r.id, []),
            "phone": r.phone,
            "updated_at": iso(r.updated_at),
        }
        for r in rows
    ]


def _articles(conn: Connection) -> list[dict]:
    rows = conn.execute(
        select(articles).where(articles.c.status == "published").order_by(articles.c.id)
    )
    return [
        {
            "id": r.id,
            "category_id": r.category_id,
            "title": r.title,
            "summary": r.summary,
            "body": r.body,
            "tags": r.tags,
            "law_refs": r.law_refs,
            "media": r.media,
            "status": "published",
            "review_by": r.review_by.isoformat() if r.review_by else "",
            "updated_at": iso(r.updated_at),
        }
        for r in rows
    ]


def _synonyms(conn: Connection) -> list[dict]:
    """Staff synonyms; one whose guide is not published keeps only its words (or is left out)."""
    out = []
    for r in published_synonyms(conn):
        article_id = r["article_id"] if r["article_status"] == "published" else ""
        if not r["targets"] and not article_id:
            continue
        out.append(
            {
                "id": r["id"],
                "word": r["word"],
                "targets": r["targets"],
                "article_id": article_id or "",
                "weight": r["weight"],
                "updated_at": iso(r["updated_at"]),
            }
        )
    return out


def _announcements(conn: Connection) -> list[dict]:
    rows = conn.execute(
        select(announcements)
        .where(announcements.c.status == "published")
        .order_by(announcements.c.id)
    )
    return [
        {
            "id": r.id,
            "title": r.title,
            "body": r.body,
            "starts_at": iso(r.starts_at),
            "ends_at": iso(r.ends_at),
            "updated_at": iso(r.updated_at),
        }
        for r in rows
    ]


def _media(conn: Connection, used: set[str]) -> list[dict]:
    if not used:
        return []
    rows = conn.execute(select(media).where(media.c.id.in_(sorted(used))).order_by(media.c.id))
    return [{"id": r.id, "mime": r.mime, "size": r.size, "name": r.name} for r in rows]


def current_records(
    conn: Connection, *, zone: tzinfo, now: datetime | None = None
) -> dict[str, list[dict]]:
    """Every record terminals should hold now, validated; raises :class:`PublishError`.

    :param zone: the hub's zone (``HUB_TIMEZONE``): the highlights count askers per local day.
    :param now: the end of the usage window of the categories' highlights (default: now).

    Validation is what keeps a guide citing a repealed law (reason ``repealed_law``) from ever
    reaching a terminal: one such published guide stops the whole publish, naming it.
    """
    records = {
        "categories": _categories(conn, now or now_utc(), zone),
        "institutions": _institutions(conn),
        "advisers": _advisers(conn),
        "articles": _articles(conn),
        "synonyms": _synonyms(conn),
        "announcements": _announcements(conn),
    }
    records["media"] = _media(conn, {sha for a in records["articles"] for sha in a["media"]})
    cleaned: dict[str, list[dict]] = {}
    for collection in COLLECTIONS:
        cleaned[collection] = []
        for record in records[collection]:
            try:
                cleaned[collection].append(validate_record(collection, record))
            except RecordInvalid as exc:
                raise PublishError(str(record.get("id")), exc) from None
    return cleaned


def digest(record: dict) -> str:
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_version(conn: Connection) -> int:
    return conn.execute(select(func.coalesce(func.max(content_versions.c.version), 0))).scalar_one()


def publish(
    conn: Connection,
    *,
    zone: tzinfo,
    user_id: int | None = None,
    note: str = "",
    now: datetime | None = None,
) -> int | None:
    """Write a new content version with what changed; returns it, or None when nothing changed.

    The categories' hot questions and most-read guides are computed afresh from the usage of the
    90 days before ``now`` (default: now), so they change only when someone publishes.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK_ID})
    wanted = current_records(conn, zone=zone, now=now)
    held = {
        (r.collection, r.record_id): r.digest
        for r in conn.execute(
            select(
                content_published.c.collection,
                content_published.c.record_id,
                content_published.c.digest,
            )
        )
    }
    upserts, deletes = [], []
    for collection in COLLECTIONS:
        for record in wanted[collection]:
            sha = digest(record)
            if held.pop((collection, record["id"]), None) != sha:
                upserts.append((collection, record, sha))
    deletes = sorted(held)
    if not upserts and not deletes:
        return None
    version = latest_version(conn) + 1
    conn.execute(
        insert(content_versions).values(
            version=version,
            created_at=utcnow(),
            created_by=user_id,
            note=note[:200],
            upserts=len(upserts),
            deletes=len(deletes),
        )
    )
    _write_changes(conn, version, upserts, deletes)
    logger.info(
        "published content version %s (%s upserts, %s deletes)", version, len(upserts), len(deletes)
    )
    return version


def _write_changes(conn: Connection, version: int, upserts: list, deletes: list) -> None:
    rows = [
        {"version": version, "collection": c, "record_id": r["id"], "op": "upsert", "record": r}
        for c, r, _ in upserts
    ]
    rows += [
        {"version": version, "collection": c, "record_id": i, "op": "delete", "record": None}
        for c, i in deletes
    ]
    conn.execute(insert(content_changes), rows)
    for collection, record, sha in upserts:
        key = (content_published.c.collection == collection) & (
            content_published.c.record_id == record["id"]
        )
        done = conn.execute(
            update(content_published).where(key).values(record=record, digest=sha, version=version)
        ).rowcount
        if not done:
            conn.execute(
                insert(content_published).values(
                    collection=collection,
                    record_id=record["id"],
                    record=record,
                    digest=sha,
                    version=version,
                )
            )
    for collection, record_id in deletes:
        conn.execute(
            delete(content_published).where(
                (content_published.c.collection == collection)
                & (content_published.c.record_id == record_id)
            )
        )
