"""Helpers for the work-log and service-ledger tests: a second adviser login, an entry's form,
photos to attach, a held kiosk booking, the figures read off the ledger page."""

from __future__ import annotations

import io
import re
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import insert, select, update

from hub.api.deps import SESSION_COOKIE
from hub.core.db import writing
from hub.crud.bookings import NewBooking, create_booking
from hub.crud.users import create_user, open_session
from hub.models.tables import bookings, calls, terminals, users


def adviser_login(app, *, username: str, adviser_id: str) -> TestClient:
    """A client logged in as a (new) adviser user linked to ``adviser_id``."""
    hub = app.state.hub
    with writing(hub.engine) as conn:
        found = conn.execute(select(users.c.id).where(users.c.username == username)).scalar()
        user_id = found or create_user(
            conn,
            username=username,
            password="example-password-1",
            role="adviser",
            adviser_id=adviser_id,
        )
        session, _csrf = open_session(conn, user_id=user_id, settings=hub.settings)
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, session)
    return client


def entry_form(day: str, **changes: str) -> dict[str, str]:
    """A valid work-log form for adviser ``adv-a`` (village 示例社区) on ``day``."""
    return {
        "service": "visit",
        "village": "示例社区",
        "day": day,
        "start": "09:00",
        "end": "10:30",
        "hours": "",
        "people": "3",
        "outcome": "已解答",
        "note": "走访两户，讲解赡养义务",
        **changes,
    }


def photo_bytes(kind: str = "PNG", *, color=(200, 60, 40), side: int = 64) -> bytes:
    """A real image file (Pillow) of ``kind`` (PNG, JPEG, GIF …); ``color`` makes it unique."""
    from PIL import Image  # a test tool (the dev install): imported where it is used

    buffer = io.BytesIO()
    Image.new("RGB", (side, side), color).save(buffer, format=kind)
    return buffer.getvalue()


def held_booking(
    conn, *, adviser_id: str, start, minutes: int, key: str, terminal_id: str | None = None
) -> int:
    """A kiosk booking of ``adviser_id`` at ``start``, held, with a call of ``minutes``."""
    row = create_booking(
        conn,
        NewBooking(
            terminal_id=terminal_id,
            adviser_id=adviser_id,
            start=start,
            end=start + timedelta(minutes=30),
            name="示例群众",
            phone="13800000000",
            topic="示例",
            idempotency_key=key,
        ),
    )
    conn.execute(
        update(bookings)
        .where(bookings.c.id == row["id"])
        .values(
            status="held",
            call_started_at=start,
            call_ended_at=start + timedelta(minutes=minutes),
        )
    )
    return row["id"]


def held_now_call(conn, *, adviser_id: str, terminal_id: str, start, minutes: int) -> int:
    """A "call now" call from ``terminal_id`` to ``adviser_id`` at ``start``, held ``minutes``."""
    query = insert(calls).values(
        room=uuid.uuid4().hex,
        kind="now",
        terminal_id=terminal_id,
        adviser_id=adviser_id,
        created_at=start,
        opens_at=start,
        closes_at=start + timedelta(hours=1),
        answered_at=start,
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        outcome="held",
    )
    return conn.execute(query.returning(calls.c.id)).scalar_one()


def terminal_id_named(conn, name: str) -> str:
    return conn.execute(select(terminals.c.id).where(terminals.c.name == name)).scalar_one()


LEDGER_ROW_RE = re.compile(
    r'data-item="([^"]+)">.*?data-test="done">([^<]+)<.*?data-test="required">([^<]+)<', re.S
)
LEDGER_CARD_RE = re.compile(r'data-adviser="([^"]+)"(.*?)</section>', re.S)
HOURS_RE = re.compile(r'data-test="hours">([^<]+)<')


def ledger_page_figures(html: str) -> dict[str, dict]:
    """``{adviser_id: {"hours": text, "items": {item: (done, required)}}}`` read off the page."""
    found = {}
    for adviser_id, card in LEDGER_CARD_RE.findall(html):
        items = {item: (done, required) for item, done, required in LEDGER_ROW_RE.findall(card)}
        found[adviser_id] = {"hours": HOURS_RE.search(card).group(1), "items": items}
    return found
