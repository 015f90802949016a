"""Photos on work-log entries: taken with the entry's form (multipart), shown as thumbnails on it,
served only to staff who may read the entry, deleted by its author while it is editable.

A photo is JPEG or PNG by its first bytes (never by its name or the browser's claim), at most
``HUB_WORK_LOG_PHOTO_BYTES``, at most ``HUB_WORK_LOG_PHOTOS_PER_ENTRY`` on one entry. Files are
stored once by sha256 (:func:`hub.admin.media_store.write_once`) under
``HUB_DATA/work_log_photos/`` — apart from the published media, so no terminal can fetch one —
with a small JPEG thumbnail under ``thumbs/`` (:mod:`hub.admin.photo_thumbs`; a file that cannot
be decoded is refused), which the entry lists show instead of the full picture.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud import work_log as entries
from hub.crud import work_log_photos as crud
from hub.models.types import utcnow

from .media_store import sniff, write_once
from .photo_thumbs import PhotoUnreadable, thumbnail, without_metadata
from .web import AdminProblem, AdminRoute, AnyStaff, checked_form, see_other
from .work_log_access import editable_entry, may_read

router = APIRouter(prefix="/admin/worklog", route_class=AdminRoute, include_in_schema=False)
FIELD = "photos"
PHOTO_TYPES = ("image/jpeg", "image/png")


class PhotoRefused(ValueError):
    """A photo the entry cannot take; ``key`` is the catalog reason, ``values`` fill it in."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(frozen=True)
class Photo:
    sha256: str
    mime: str
    data: bytes
    thumb: bytes


async def uploads(form, *, limit_bytes: int) -> list[bytes]:
    """The bytes of each file sent as ``photos`` (an empty file field is no photo); a file is
    read to one byte past the limit, never further."""
    found = []
    for part in form.getlist(FIELD):
        if isinstance(part, UploadFile) and part.filename:
            data = await part.read(limit_bytes + 1)
            if data:
                found.append(data)
    return found


def check_photos(datas: list[bytes], *, limit_bytes: int) -> list[Photo]:
    """The photos, each checked and decoded to its thumbnail, or :class:`PhotoRefused`.

    Done before the database transaction opens: decoding takes a while, and SQLite lets one
    writer in at a time.
    """
    photos = []
    for data in datas:
        if len(data) > limit_bytes:
            raise PhotoRefused("worklog.photo.too_large", mb=f"{limit_bytes / 1_000_000:g}")
        mime = sniff(data)
        if mime not in PHOTO_TYPES:
            raise PhotoRefused("worklog.photo.bad_type")
        try:
            thumb = thumbnail(data)
        except PhotoUnreadable:
            raise PhotoRefused("worklog.photo.unreadable") from None
        # named by the upload's hash (the same file twice is one photo), kept without metadata
        photos.append(Photo(hashlib.sha256(data).hexdigest(), mime, without_metadata(data), thumb))
    return photos


def check_room(photos: list[Photo], *, room: int) -> None:
    """:class:`PhotoRefused` when more photos came than the entry may still take."""
    if len(photos) > room:
        raise PhotoRefused("worklog.photo.too_many", count=room)


def _thumbs(settings):
    return settings.work_log_photo_dir / "thumbs"


def room_left(conn, settings, *, entry_id: int | None) -> int:
    held = 0 if entry_id is None else crud.count_photos(conn, entry_id=entry_id)
    return max(settings.work_log_photos_per_entry - held, 0)


def store_photos(conn, settings, *, entry_id: int, photos: list[Photo]) -> None:
    """Write each file once and put it on the entry (one already on it is skipped)."""
    for found in photos:
        write_once(settings.work_log_photo_dir, found.sha256, found.data)
        write_once(_thumbs(settings), f"{found.sha256}.jpg", found.thumb)
        crud.add_photo(
            conn,
            entry_id=entry_id,
            sha256=found.sha256,
            mime=found.mime,
            size=len(found.data),
            now=utcnow(),
        )


def _readable_photo(hub, staff, entry_id: int, sha256: str):
    """The photo's row, if ``staff`` may read its entry (403 / 404 otherwise)."""
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise AdminProblem(404, "admin.error.not_found")
    with reading(hub.engine) as conn:
        entry = entries.entry(conn, entry_id=entry_id)
        if entry is None:
            raise AdminProblem(404, "admin.error.not_found")
        if not may_read(staff, entry):
            raise AdminProblem(403, "worklog.error.not_yours")
        row = crud.photo(conn, entry_id=entry_id, sha256=sha256)
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    return row


def _file(path, mime: str) -> FileResponse:
    if not path.is_file():
        raise AdminProblem(404, "admin.error.not_found")
    return FileResponse(
        path,
        media_type=mime,
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/{entry_id}/photos/{sha256}")
def photo_file(entry_id: int, sha256: str, hub: HubDep, staff: AnyStaff):
    row = _readable_photo(hub, staff, entry_id, sha256)
    return _file(hub.settings.work_log_photo_dir / sha256, row["mime"])


@router.get("/{entry_id}/photos/{sha256}/thumb")
def photo_thumb(entry_id: int, sha256: str, hub: HubDep, staff: AnyStaff):
    _readable_photo(hub, staff, entry_id, sha256)
    return _file(_thumbs(hub.settings) / f"{sha256}.jpg", "image/jpeg")


@router.post("/{entry_id}/photos/{sha256}/delete")
async def photo_delete(entry_id: int, sha256: str, request: Request, hub: HubDep, staff: AnyStaff):
    await checked_form(request, staff, max_files=0)
    with writing(hub.engine) as conn:
        editable_entry(conn, hub, staff, entry_id)
        if crud.photo(conn, entry_id=entry_id, sha256=sha256) is None:
            raise AdminProblem(404, "admin.error.not_found")
        unused = crud.remove_photo(conn, entry_id=entry_id, sha256=sha256)
    if unused:
        (hub.settings.work_log_photo_dir / sha256).unlink(missing_ok=True)
        (_thumbs(hub.settings) / f"{sha256}.jpg").unlink(missing_ok=True)
    return see_other(f"/admin/worklog/{entry_id}?done=photo_deleted")
