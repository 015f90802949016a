"""``GET /content?since=V``: signed content changes, with ETag and 304."""

from __future__ import annotations

import base64
import json
import time
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, Response

from contract.freshness import (
    TIMESTAMP_HEADER,
    TIMESTAMP_SIGNATURE_HEADER,
    signed_message,
    statement_bytes,
)
from hub.api.deps import CurrentTerminal, HubDep
from hub.core.db import reading
from hub.core.security import sign
from hub.crud.content import changes_since, latest_version

router = APIRouter(tags=["terminal"])
CACHE_ENTRIES = 64
VERSION_TTL_S = 1.0  # a publish reaches polls within a second, also from another process
# The signed statement of the current version (contract.freshness) is valid this long, and
# re-signed at most every TIMESTAMP_RESIGN_S (so a poll costs no signature).
TIMESTAMP_VALID_S = 86_400
TIMESTAMP_RESIGN_S = 60


def _latest(hub) -> int:
    """The latest content version, re-read at most once per ``VERSION_TTL_S``."""
    now = time.monotonic()
    cached = hub.content_cache.get("latest")
    if cached is None or now - cached[1] > VERSION_TTL_S:
        with reading(hub.engine) as conn:
            cached = (latest_version(conn), now)
        hub.content_cache["latest"] = cached
    return cached[0]


def _timestamp_headers(hub, version: int) -> dict[str, str]:
    """The signed, expiring statement "the current version is ``version``" as two headers."""
    now = int(time.time())
    cached = hub.content_cache.get("timestamp")
    if cached is None or cached[0] != version or now - cached[1] >= TIMESTAMP_RESIGN_S:
        raw = statement_bytes(version=version, issued_at=now, expires_at=now + TIMESTAMP_VALID_S)
        headers = {
            TIMESTAMP_HEADER: base64.b64encode(raw).decode("ascii"),
            TIMESTAMP_SIGNATURE_HEADER: sign(hub.signing_key, signed_message(raw)),
        }
        cached = (version, now, headers)
        hub.content_cache["timestamp"] = cached
    return cached[2]


def _etag(since: int, version: int) -> str:
    return f'"c{version}-s{since}"'


def _signed_body(hub, conn, since: int, version: int) -> tuple[bytes, str]:
    key = (since, version)
    cached = hub.content_cache.get(key)
    if cached is None:
        answer = {
            "version": version,
            "since": since,
            "changes": changes_since(conn, since, version),
        }
        body = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        cached = (body, sign(hub.signing_key, body))
        if len(hub.content_cache) >= CACHE_ENTRIES:
            hub.content_cache.clear()
        hub.content_cache[key] = cached
    return cached


@router.get(
    "/content",
    responses={200: {"description": "signed changes"}, 304: {"description": "nothing newer"}},
)
def content(
    terminal: CurrentTerminal,
    hub: HubDep,
    request: Request,
    since: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> Response:
    """Changes from ``since`` to the latest version; ``X-Signature`` is Ed25519 over the body bytes.

    Every answer, ``304`` included, carries the signed statement of the current version
    (``X-Content-Timestamp`` and its signature, :mod:`contract.freshness`).
    """
    version = _latest(hub)
    if since > version:
        raise HTTPException(409, f"since {since} is newer than the hub's content version {version}")
    etag = _etag(since, version)
    fresh = _timestamp_headers(hub, version)
    if since == version or request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag, **fresh})
    with reading(hub.engine) as conn:
        body, signature = _signed_body(hub, conn, since, version)
    return Response(
        body,
        media_type="application/json",
        headers={"ETag": etag, "X-Signature": signature, "Cache-Control": "no-cache", **fresh},
    )
