"""Login lockout per user name and client address, growing with repeated failures.

With ``HUB_LOGIN_MAX_FAILURES`` = 5 and ``HUB_LOGIN_LOCKOUT_MINUTES`` = 15 a (user, client) pair is
locked while it has 5 failures in the last 15 minutes, or 10 in 30 minutes, 15 in 60 minutes …
(each step doubles the window) up to :data:`LEVELS` steps — a patient guesser gets ever fewer
tries per hour. Attempts made while locked are not counted. A successful login clears the pair.
Failures live in the foundation's ``login_failures`` table (``client`` = the client address).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from hub.core.config import HubSettings
from hub.models.tables import login_failures

LEVELS = 7  # windows of 15 min .. 16 h with the defaults


def _windows(settings: HubSettings) -> list[tuple[int, timedelta]]:
    """(failure threshold, window) per level."""
    base = settings.login_lockout_minutes
    return [
        (settings.login_max_failures * (k + 1), timedelta(minutes=base * 2**k))
        for k in range(LEVELS)
    ]


def locked_until(
    conn: Connection, *, username: str, client: str, settings: HubSettings, now: datetime
) -> datetime | None:
    """When the pair may try again, or None when it may try now."""
    windows = _windows(settings)
    oldest = now - windows[-1][1]
    times = [
        row.at
        for row in conn.execute(
            select(login_failures.c.at)
            .where(
                login_failures.c.username == username,
                login_failures.c.client == client,
                login_failures.c.at > oldest,
            )
            .order_by(login_failures.c.at.desc())
        )
    ]
    until = None
    for threshold, window in windows:
        if len(times) >= threshold:
            # The pair stays locked until its threshold-th newest failure leaves the window.
            candidate = times[threshold - 1] + window
            if candidate > now and (until is None or candidate > until):
                until = candidate
    return until


def record_failure(conn: Connection, *, username: str, client: str, now: datetime) -> None:
    conn.execute(insert(login_failures).values(username=username, client=client, at=now))


def clear_failures(conn: Connection, *, username: str, client: str) -> None:
    conn.execute(
        delete(login_failures).where(
            login_failures.c.username == username, login_failures.c.client == client
        )
    )
