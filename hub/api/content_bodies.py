"""Signed bodies of ``GET /content``: the whole change set, or one page of it, cached by bytes.

The body is JSON ``{"version", "since", "changes"}`` as DESIGN.md's table says; a page (asked
for with ``paged=true``) adds ``"page": {"after", "next"}``: the cursor it starts after (``null``
on the first page) and the cursor of the next page (``null`` on the last). The signature covers
the exact bytes, so the terminal knows the hub said which part of which change set this is.

Cache keys name the signing key, and hold only versions that exist (``since`` and ``version`` are checked against the
latest version before a body is built) and, for pages, a well-formed cursor and the page size.
"""

from __future__ import annotations

import json

from fastapi import HTTPException

from hub.core.db import reading
from hub.core.security import sign
from hub.crud.content import changes_since
from hub.crud.content_pages import Key, content_page, parse_cursor

__all__ = ["page_cursor", "page_etag", "signed_body", "signed_page"]


def _dumps(answer: dict) -> bytes:
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def page_cursor(after: str | None) -> Key | None:
    """The key a page starts after, or 422 with the reason."""
    if after is None:
        return None
    try:
        return parse_cursor(after)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None


def page_etag(since: int, version: int, after: str | None) -> str:
    return f'"c{version}-s{since}-a{after or ""}"'


def signed_body(hub, since: int, version: int) -> tuple[bytes, str]:
    """The whole change set ``(since, version]`` as one signed body (what older terminals ask)."""

    def build() -> tuple[bytes, str]:
        with reading(hub.engine) as conn:
            changes = changes_since(conn, since, version)
        body = _dumps({"version": version, "since": since, "changes": changes})
        return body, sign(hub.signing_key, body)

    return hub.signed_bodies.get_or_build(("full", hub.key_id, since, version), build)


def signed_page(hub, since: int, version: int, after: Key | None) -> tuple[bytes, str]:
    """One signed page of ``(since, version]`` after ``after``, ``content_page_bytes`` of records."""
    page_bytes = hub.settings.content_page_bytes

    def build() -> tuple[bytes, str]:
        with reading(hub.engine) as conn:
            page = content_page(
                conn, since=since, version=version, after=after, max_bytes=page_bytes
            )
        cursor = None if after is None else f"{after[0]}:{after[1]}"
        body = _dumps(
            {
                "version": version,
                "since": since,
                "changes": page.changes,
                "page": {"after": cursor, "next": page.next},
            }
        )
        return body, sign(hub.signing_key, body)

    key = ("page", hub.key_id, since, version, after, page_bytes)
    return hub.signed_bodies.get_or_build(key, build)
