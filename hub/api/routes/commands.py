"""``PUT /commands/{id}/screenshot``: the PNG a terminal took for a screenshot command.

The body is the PNG itself (``Content-Type: image/png``), at most
:data:`~contract.terminal_commands.MAX_SCREENSHOT_BYTES`; it must start with the PNG signature.
Only the terminal the command was sent to may upload, while the command waits for its result
(the terminal uploads first, then reports the command done in its next heartbeat).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from contract.terminal_commands import ID_PATTERN, MAX_SCREENSHOT_BYTES, PNG_MAGIC
from hub.api.deps import CurrentTerminal, HubDep
from hub.core.db import writing
from hub.crud.terminal_commands import store_screenshot
from hub.models.types import utcnow

router = APIRouter(tags=["terminal"])
REFUSALS = {
    "not_found": (404, "no such command for this terminal"),
    "not_open": (409, "this command is not a screenshot waiting for its result"),
}


PNG_BODY = {
    "requestBody": {
        "required": True,
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.put("/commands/{command_id}/screenshot", status_code=204, openapi_extra=PNG_BODY)
async def upload_screenshot(
    request: Request,
    terminal: CurrentTerminal,
    hub: HubDep,
    command_id: Annotated[str, Path(pattern=ID_PATTERN)],
) -> None:
    if request.headers.get("content-type", "").split(";")[0].strip() != "image/png":
        raise HTTPException(415, "the body must be a PNG (Content-Type: image/png)")
    png = await request.body()
    if len(png) > MAX_SCREENSHOT_BYTES:
        raise HTTPException(413, f"a screenshot may be at most {MAX_SCREENSHOT_BYTES} bytes")
    if not png.startswith(PNG_MAGIC):
        raise HTTPException(422, "the body is not a PNG image")
    with writing(hub.engine) as conn:
        problem = store_screenshot(
            conn, terminal_id=terminal.terminal_id, command_id=command_id, png=png, now=utcnow()
        )
    if problem is not None:
        status, detail = REFUSALS[problem]
        raise HTTPException(status, detail)
