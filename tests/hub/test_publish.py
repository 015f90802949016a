"""publish(): a new content version with exactly what changed; nothing when nothing changed."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from hub.core.db import reading, writing
from hub.crud.bookings import purge_personal_data
from hub.crud.publish import PublishError, latest_version, publish
from hub.crud.records import save_article
from hub.models.tables import advisers, bookings, content_changes, content_versions, duty_periods
from tests.support.zones import SHANGHAI


def changes_of(conn, version):
    return sorted(
        (r.collection, r.record_id, r.op)
        for r in conn.execute(select(content_changes).where(content_changes.c.version == version))
    )


def test_first_publish_holds_everything_and_repeat_holds_nothing(hub_env):
    with reading(hub_env.engine) as conn:
        assert latest_version(conn) == 1
        assert len(changes_of(conn, 1)) == 9
    with writing(hub_env.engine) as conn:
        assert publish(conn, zone=SHANGHAI) is None
        assert latest_version(conn) == 1


def test_draft_new_article_and_retired_adviser(hub_env):
    article = {
        "id": "art-new",
        "category_id": "labour",
        "title": "试用期",
        "summary": "",
        "body": "正文",
        "tags": [],
        "law_refs": [],
        "media": [],
        "updated_at": "2026-11-20T10:00:00+08:00",
    }
    with writing(hub_env.engine) as conn:
        save_article(conn, article, status="draft")
        assert publish(conn, zone=SHANGHAI) is None  # drafts are not content
        save_article(conn, article, status="published")
        conn.execute(update(advisers).where(advisers.c.id == "adv-b").values(active=False))
        conn.execute(
            update(duty_periods)
            .where(duty_periods.c.adviser_id == "adv-a", duty_periods.c.weekday == 6)
            .values(end="18:00")
        )
        assert publish(conn, zone=SHANGHAI, note="test") == 2
        assert changes_of(conn, 2) == [
            ("advisers", "adv-a", "upsert"),
            ("advisers", "adv-b", "delete"),
            ("articles", "art-new", "upsert"),
        ]
        row = (
            conn.execute(select(content_versions).where(content_versions.c.version == 2))
            .mappings()
            .one()
        )
    assert (row["upserts"], row["deletes"], row["note"]) == (2, 1, "test")


def test_an_invalid_record_stops_the_publish(hub_env):
    with writing(hub_env.engine) as conn:
        conn.execute(update(advisers).where(advisers.c.id == "adv-a").values(name=""))
        with pytest.raises(PublishError, match="advisers adv-a: advisers.name: is required"):
            publish(conn, zone=SHANGHAI)


def test_personal_data_is_purged_after_the_retention(hub_env, terminal):
    start = datetime(2025, 1, 6, 2, 0, tzinfo=UTC)
    with writing(hub_env.engine) as conn:
        conn.execute(
            insert(bookings).values(
                code="OLDCODE234",
                room="room-old",
                terminal_id=terminal["terminal_id"],
                adviser_id="adv-a",
                start=start,
                end=start + timedelta(minutes=30),
                idempotency_key="old-key-1",
                resident_name="张三",
                resident_phone="13800001234",
                phone_last4="1234",
                created_at=start,
            )
        )
        assert purge_personal_data(conn, retention_days=30, now=start + timedelta(days=29)) == 0
        assert purge_personal_data(conn, retention_days=30, now=start + timedelta(days=31)) == 1
        row = conn.execute(select(bookings)).mappings().one()
    assert (row["resident_name"], row["resident_phone"], row["phone_last4"]) == (None, None, None)
    assert row["purged_at"] is not None and row["status"] == "booked"
