"""``GET /content?since=V``: signed content changes, with ETag and 304."""

from __future__ import annotations

import base64
import time
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from contract.freshness import (
    TIMESTAMP_HEADER,
    TIMESTAMP_SIGNATURE_HEADER,
    signed_message,
    statement_bytes,
)
from hub.api.content_bodies import page_cursor, page_etag, signed_body, signed_page
from hub.api.deps import CurrentTerminal, HubDep
from hub.core.db import reading
from hub.core.security import sign
from hub.crud.content import latest_version

router = APIRouter(tags=["terminal"])
VERSION_TTL_S = 1.0  # a publish reaches polls within a second, also from another process
# The signed statement of the current version (contract.freshness) is valid this long, and
# re-signed at most every TIMESTAMP_RESIGN_S (so a poll costs no signature).
TIMESTAMP_VALID_S = 86_400
TIMESTAMP_RESIGN_S = 60


def _latest(hub, *, at_least: int = 0) -> int:
    """The latest content version, re-read at most once per ``VERSION_TTL_S`` (or at once when
    a terminal names a newer version: another process may have published it a moment ago)."""
    now = time.monotonic()
    cached = hub.content_cache.get("latest")
    if cached is None or now - cached[1] > VERSION_TTL_S or cached[0] < at_least:
        with reading(hub.engine) as conn:
            cached = (latest_version(conn), now)
        hub.content_cache["latest"] = cached
    return cached[0]


def _timestamp_headers(hub, version: int) -> dict[str, str]:
    """The signed, expiring statement "the current version is ``version``" as two headers,
    and the key link while a key rotation is under way (:mod:`contract.key_link`)."""
    now = int(time.time())
    signer = hub.key_id
    cached = hub.content_cache.get("timestamp")
    if cached is None or cached[0] != (version, signer) or now - cached[1] >= TIMESTAMP_RESIGN_S:
        raw = statement_bytes(version=version, issued_at=now, expires_at=now + TIMESTAMP_VALID_S)
        headers = {
            TIMESTAMP_HEADER: base64.b64encode(raw).decode("ascii"),
            TIMESTAMP_SIGNATURE_HEADER: sign(hub.signing_key, signed_message(raw)),
        }
        cached = ((version, signer), now, headers)
        hub.content_cache["timestamp"] = cached
    return {**cached[2], **hub.keyring.link_headers()}


def _etag(since: int, version: int) -> str:
    return f'"c{version}-s{since}"'


@router.get(
    "/content",
    responses={200: {"description": "signed changes"}, 304: {"description": "nothing newer"}},
)
def content(
    terminal: CurrentTerminal,
    hub: HubDep,
    request: Request,
    since: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
    paged: bool = False,
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    after: Annotated[str | None, Query(min_length=3, max_length=100)] = None,
) -> Response:
    """Changes from ``since`` to the latest version; ``X-Signature`` is Ed25519 over the body bytes.

    With ``paged=true`` the answer is one page of about ``HUB_CONTENT_PAGE_BYTES``
    (:mod:`hub.api.content_bodies`); the next page is asked with the ``version`` and the cursor
    (``after``) the page names, until a page says ``"next": null``.
    Every answer, ``304`` included, carries the signed statement of the current version
    (``X-Content-Timestamp`` and its signature, :mod:`contract.freshness`).
    """
    latest = _latest(hub, at_least=version or 0)
    if since > latest:
        raise HTTPException(409, f"since {since} is newer than the hub's content version {latest}")
    if not paged and (version is not None or after is not None):
        raise HTTPException(422, "version and after are page parameters: send paged=true")
    if version is not None and version > latest:
        raise HTTPException(409, f"version {version} does not exist (latest is {latest})")
    if version is not None and version <= since:
        raise HTTPException(422, f"version {version} must be newer than since {since}")
    cursor = page_cursor(after)
    target = latest if version is None else version
    etag = _etag(since, target) if after is None else page_etag(since, target, after)
    fresh = _timestamp_headers(hub, latest)
    if since == target or request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag, **fresh})
    if paged:
        body, signature = signed_page(hub, since, target, cursor)
    else:
        body, signature = signed_body(hub, since, target)
    return Response(
        body,
        media_type="application/json",
        headers={"ETag": etag, "X-Signature": signature, "Cache-Control": "no-cache", **fresh},
    )
