"""Login lockout per user name and client address, and per account, growing with repeated failures.

With ``HUB_LOGIN_MAX_FAILURES`` = 5 and ``HUB_LOGIN_LOCKOUT_MINUTES`` = 15 a (user, client) pair is
locked while it has 5 failures in the last 15 minutes, or 10 in 30 minutes, 15 in 60 minutes …
(each step doubles the window) up to :data:`LEVELS` steps — a patient guesser gets ever fewer
tries per hour. Attempts made while locked are not counted. A successful login clears the pair.
Failures live in the foundation's ``login_failures`` table (``client`` = the client address).

A guesser with many addresses is stopped by the account's own limit: the same windows with
``HUB_LOGIN_ACCOUNT_MAX_FAILURES`` (default 20) failures of the account from every address
together. A locked account waits like a locked pair, or an admin unlocks it at once on the users
page (:func:`unlock_account`), which forgets every failure of that name.
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


def _until(times: list[datetime], windows: list[tuple[int, timedelta]], now: datetime):
    """When failures at ``times`` (newest first) stop locking, or None when they do not lock."""
    until = None
    for threshold, window in windows:
        if len(times) >= threshold:
            # Locked until its threshold-th newest failure leaves the window.
            candidate = times[threshold - 1] + window
            if candidate > now and (until is None or candidate > until):
                until = candidate
    return until


def _failure_times(conn: Connection, *conditions, oldest: datetime) -> list[datetime]:
    query = (
        select(login_failures.c.at)
        .where(*conditions, login_failures.c.at > oldest)
        .order_by(login_failures.c.at.desc())
    )
    return [row.at for row in conn.execute(query)]


def locked_until(
    conn: Connection, *, username: str, client: str, settings: HubSettings, now: datetime
) -> datetime | None:
    """When the pair may try again, or None when it may try now (the account's limit included)."""
    windows = _windows(settings)
    oldest = now - windows[-1][1]
    pair = _failure_times(
        conn,
        login_failures.c.username == username,
        login_failures.c.client == client,
        oldest=oldest,
    )
    candidates = [
        _until(pair, windows, now),
        account_locked_until(conn, username=username, settings=settings, now=now),
    ]
    found = [c for c in candidates if c is not None]
    return max(found) if found else None


def account_locked_until(
    conn: Connection, *, username: str, settings: HubSettings, now: datetime
) -> datetime | None:
    """When the account ``username`` may be tried again from any address, or None."""
    windows = _account_windows(settings)
    times = _failure_times(conn, login_failures.c.username == username, oldest=now - windows[-1][1])
    return _until(times, windows, now)


def _account_windows(settings: HubSettings) -> list[tuple[int, timedelta]]:
    base = settings.login_lockout_minutes
    return [
        (settings.login_account_max_failures * (k + 1), timedelta(minutes=base * 2**k))
        for k in range(LEVELS)
    ]


def unlock_account(conn: Connection, *, username: str) -> int:
    """Forget every failure of ``username`` (an admin's unlock); answers how many were kept."""
    return conn.execute(
        delete(login_failures).where(login_failures.c.username == username)
    ).rowcount


def record_failure(conn: Connection, *, username: str, client: str, now: datetime) -> None:
    conn.execute(insert(login_failures).values(username=username, client=client, at=now))


def clear_failures(conn: Connection, *, username: str, client: str) -> None:
    conn.execute(
        delete(login_failures).where(
            login_failures.c.username == username, login_failures.c.client == client
        )
    )
