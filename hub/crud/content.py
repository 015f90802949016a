"""What a terminal holding content version ``since`` needs to reach the latest version."""

from __future__ import annotations

from sqlalchemy import Connection

from contract.records import COLLECTIONS
from hub.crud.content_pages import content_page
from hub.crud.publish import latest_version

__all__ = ["changes_since", "latest_version"]


def changes_since(conn: Connection, since: int, version: int) -> dict[str, dict[str, list]]:
    """``{collection: {"upsert": [records], "delete": [ids]}}`` from ``since`` to ``version``.

    From 0 it is the whole content at ``version``; otherwise the change log collapsed to the last
    operation per record. Collections without changes are left out. This is the one-page answer
    (:func:`hub.crud.content_pages.content_page` with no byte bound) older terminals ask for.
    """
    changes = content_page(conn, since=since, version=version, after=None, max_bytes=None).changes
    return {c: changes[c] for c in COLLECTIONS if c in changes}
