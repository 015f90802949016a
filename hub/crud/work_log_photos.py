"""Photos on work-log entries (sign-in sheets, documents): which entry holds which file.

The bytes live under :attr:`HubSettings.work_log_photo_dir` by sha256 (written by
:mod:`hub.admin.work_log_photos`); these rows say which entry shows them. One entry holds a
file once; the same file may sit on several entries (it is stored once).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, func, insert, select

from hub.models.tables import work_log_photos


def photos_of(conn: Connection, *, entry_ids: list[int]) -> dict[int, list[RowMapping]]:
    """``{entry_id: [photo rows, oldest first]}`` for the given entries."""
    found: dict[int, list[RowMapping]] = defaultdict(list)
    if not entry_ids:
        return found
    query = (
        select(work_log_photos)
        .where(work_log_photos.c.entry_id.in_(entry_ids))
        .order_by(work_log_photos.c.id)
    )
    for row in conn.execute(query).mappings():
        found[row["entry_id"]].append(row)
    return found


def photo(conn: Connection, *, entry_id: int, sha256: str) -> RowMapping | None:
    query = select(work_log_photos).where(
        work_log_photos.c.entry_id == entry_id, work_log_photos.c.sha256 == sha256
    )
    return conn.execute(query).mappings().first()


def count_photos(conn: Connection, *, entry_id: int) -> int:
    query = select(func.count()).where(work_log_photos.c.entry_id == entry_id)
    return conn.execute(query).scalar_one()


def add_photo(
    conn: Connection, *, entry_id: int, sha256: str, mime: str, size: int, now: datetime
) -> bool:
    """Record a stored file on an entry; False when the entry already holds it."""
    if photo(conn, entry_id=entry_id, sha256=sha256) is not None:
        return False
    conn.execute(
        insert(work_log_photos).values(
            entry_id=entry_id, sha256=sha256, mime=mime, size=size, created_at=now
        )
    )
    return True


def remove_photo(conn: Connection, *, entry_id: int, sha256: str) -> bool:
    """Take a file off an entry; True when the file is then on no entry (it may be deleted)."""
    conn.execute(
        delete(work_log_photos).where(
            work_log_photos.c.entry_id == entry_id, work_log_photos.c.sha256 == sha256
        )
    )
    left = select(func.count()).where(work_log_photos.c.sha256 == sha256)
    return conn.execute(left).scalar_one() == 0
