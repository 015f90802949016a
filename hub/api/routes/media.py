"""``GET /media/{sha256}``: the bytes of a media file by its digest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import FileResponse

from hub.api.deps import CurrentTerminal, HubDep
from hub.core.db import reading
from hub.crud.records import media_mime

router = APIRouter(tags=["terminal"])


@router.get("/media/{sha256}", response_class=FileResponse)
def media_file(
    terminal: CurrentTerminal, hub: HubDep, sha256: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
) -> FileResponse:
    with reading(hub.engine) as conn:
        mime = media_mime(conn, sha256=sha256)
    path = hub.settings.media_dir / sha256
    if mime is None or not path.is_file():
        raise HTTPException(404, "no such media")
    return FileResponse(
        path, media_type=mime, headers={"Cache-Control": "public, max-age=31536000, immutable"}
    )
