"""``POST /enroll``: a one-time code becomes the terminal's bearer token."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException, Request

from hub.api.deps import HubDep
from hub.api.schemas import EnrollIn, EnrollOut
from hub.core.db import writing
from hub.core.ratelimit import RateLimiter
from hub.crud.terminals import enroll

logger = logging.getLogger(__name__)
router = APIRouter(tags=["terminal"])


@router.post("/enroll", response_model=EnrollOut)
def enroll_terminal(body: EnrollIn, request: Request, hub: HubDep) -> EnrollOut:
    """Spend a one-time enrollment code; answers the terminal id, its token and the hub's key."""
    client = request.client.host if request.client else "unknown"
    wait_s = hub.limiter.take(f"enroll:{client}")
    if wait_s > 0:
        raise HTTPException(
            429,
            "too many requests, slow down",
            headers={"Retry-After": RateLimiter.retry_after_header(wait_s)},
        )
    public_key = hub.public_key
    with writing(hub.engine) as conn:
        enrolled = enroll(conn, code=body.code)
    if enrolled is None:
        raise HTTPException(403, "enrollment code is unknown, used or expired")
    logger.info("terminal %s enrolled (it calls itself %r)", enrolled.terminal_id, body.name or "")
    return EnrollOut(terminal_id=enrolled.terminal_id, token=enrolled.token, public_key=public_key)
