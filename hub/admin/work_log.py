"""``/admin/worklog``: the advisers' work log (工作日志) in the adviser console.

An adviser fills one short form per service (quick on a phone: large type buttons, today's date
already in; photos of sign-in sheets or documents attached from the phone's camera,
:mod:`hub.admin.work_log_photos`), sees their own entries of a month and changes one while it is editable
(``HUB_WORK_LOG_EDIT_DAYS`` after it was written; then 409 with the reason). Another adviser's
entry answers 403. Viewers, editors and admins read every adviser's entries.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from hub.api.deps import HubDep, StaffUser
from hub.core.clock import local_today, now_utc
from hub.core.db import reading, writing
from hub.crud import work_log as crud
from hub.crud.reports import month_period
from hub.crud.work_log_photos import photos_of
from hub.models.tables import SERVICE_TYPES

from . import work_log_photos as photos
from .web import (
    AdminProblem,
    AdminRoute,
    AnyStaff,
    checked_form,
    render,
    see_other,
    translator,
)
from .work_log_access import editable_entry, own_adviser

router = APIRouter(prefix="/admin/worklog", route_class=AdminRoute, include_in_schema=False)
FIELDS = ("service", "village", "day", "start", "end", "hours", "people", "outcome", "note")


def _window(hub) -> crud.Window:
    return crud.Window(
        today=local_today(hub.settings.zone), edit_days=hub.settings.work_log_edit_days
    )


def _month(request: Request, hub):
    try:
        today = local_today(hub.settings.zone)
        text = request.query_params.get("month", "").strip()
        return month_period(text, today=today, zone=hub.settings.zone)
    except ValueError:
        raise AdminProblem(422, "admin.ledger.bad_month") from None


def _rows(conn, hub, rows, staff: StaffUser) -> list[dict]:
    now, days = now_utc(), hub.settings.work_log_edit_days
    pictures = photos_of(conn, entry_ids=[row["id"] for row in rows])
    return [
        {
            **row,
            "photos": pictures.get(row["id"], []),
            "locked": crud.is_locked(row, now=now, edit_days=days),
            "locks_at": crud.locks_at(row, edit_days=days),
            "mine": row["author_id"] == staff.id,
        }
        for row in rows
    ]


def _page(request, hub, staff, *, form=None, errors=None, status=200):
    period = _month(request, hub)
    adviser_id = staff.adviser_id if staff.role == "adviser" else ""
    if staff.role == "adviser":
        own_adviser(staff)
    with reading(hub.engine) as conn:
        rows = crud.entries(conn, first=period.first, last=period.last, adviser_id=adviser_id)
        villages = crud.adviser_villages(conn, adviser_id=adviser_id) if adviser_id else []
        shown = _rows(conn, hub, rows, staff)
    return render(
        request,
        "worklog.html",
        staff=staff,
        http_status=status,
        rows=shown,
        month=period.first.strftime("%Y-%m"),
        services=SERVICE_TYPES,
        villages=villages,
        form=form or {"day": local_today(hub.settings.zone).isoformat(), "people": "0"},
        errors=errors or {},
        action="/admin/worklog",
        edit_days=hub.settings.work_log_edit_days,
        can_write=staff.role == "adviser",
        photo_room=hub.settings.work_log_photos_per_entry,
        **_photo_limits(hub),
    )


def _photo_limits(hub) -> dict:
    return {
        "photo_mb": f"{hub.settings.work_log_photo_bytes / 1_000_000:g}",
        "photo_max": hub.settings.work_log_photos_per_entry,
    }


@router.get("")
def work_log_page(request: Request, hub: HubDep, staff: AnyStaff):
    return _page(request, hub, staff)


def _submitted(form) -> dict[str, str]:
    return {name: str(form.get(name) or "") for name in FIELDS}


def _error_texts(request, exc: crud.EntryInvalid) -> dict[str, str]:
    t = translator(request)
    return {name: t(key, **exc.values) for name, key in exc.errors.items()}


@router.post("")
async def work_log_add(request: Request, hub: HubDep, staff: AnyStaff):
    adviser_id = own_adviser(staff)
    settings = hub.settings
    form = await checked_form(request, staff, max_files=settings.work_log_photos_per_entry + 1)
    raw = _submitted(form)
    sent = await _prepared_photos(form, settings)
    problem: crud.EntryInvalid | None = None
    with writing(hub.engine) as conn:
        villages = crud.adviser_villages(conn, adviser_id=adviser_id)
        try:
            values = crud.check_entry(raw, villages=villages, window=_window(hub))
            taken = _checked_photos(sent, room=settings.work_log_photos_per_entry)
        except crud.EntryInvalid as exc:
            problem = exc
        else:
            entry_id = crud.add_entry(
                conn, adviser_id=adviser_id, author_id=staff.id, values=values, now=now_utc()
            )
            photos.store_photos(conn, settings, entry_id=entry_id, photos=taken)
    if problem is not None:
        return _page(
            request, hub, staff, form=raw, errors=_error_texts(request, problem), status=422
        )
    return see_other("/admin/worklog?done=worklog_saved")


async def _prepared_photos(form, settings) -> list[photos.Photo] | photos.PhotoRefused:
    """The sent photos, checked and decoded outside the transaction (or why one is refused)."""
    sent = await photos.uploads(form, limit_bytes=settings.work_log_photo_bytes)
    try:
        return photos.check_photos(sent, limit_bytes=settings.work_log_photo_bytes)
    except photos.PhotoRefused as exc:
        return exc


def _checked_photos(sent, *, room: int) -> list[photos.Photo]:
    """The prepared photos if the entry has room for them, else :class:`crud.EntryInvalid` on
    the ``photos`` field (as for a refused photo)."""
    try:
        if isinstance(sent, photos.PhotoRefused):
            raise sent
        photos.check_room(sent, room=room)
    except photos.PhotoRefused as exc:
        raise crud.EntryInvalid({photos.FIELD: exc.key}, exc.values) from None
    return sent


def _form_of(row) -> dict[str, str]:
    hours = "" if row["start"] else f"{row['minutes'] / 60:g}"
    return {
        **{k: "" if row[k] is None else str(row[k]) for k in FIELDS if k != "hours"},
        "hours": hours,
    }


def _edit_page(request, hub, staff, *, entry_id, form, errors=None, status=200):
    with reading(hub.engine) as conn:
        villages = crud.adviser_villages(conn, adviser_id=staff.adviser_id)
        held = photos_of(conn, entry_ids=[entry_id]).get(entry_id, [])
    return render(
        request,
        "worklog_edit.html",
        staff=staff,
        http_status=status,
        services=SERVICE_TYPES,
        villages=villages,
        form=form,
        errors=errors or {},
        action=f"/admin/worklog/{entry_id}",
        edit_days=hub.settings.work_log_edit_days,
        entry_id=entry_id,
        photos=held,
        photo_room=max(hub.settings.work_log_photos_per_entry - len(held), 0),
        **_photo_limits(hub),
    )


@router.get("/{entry_id}")
def work_log_edit(entry_id: int, request: Request, hub: HubDep, staff: AnyStaff):
    with reading(hub.engine) as conn:
        row = editable_entry(conn, hub, staff, entry_id)
    return _edit_page(request, hub, staff, entry_id=entry_id, form=_form_of(row))


@router.post("/{entry_id}")
async def work_log_change(entry_id: int, request: Request, hub: HubDep, staff: AnyStaff):
    settings = hub.settings
    form = await checked_form(request, staff, max_files=settings.work_log_photos_per_entry + 1)
    raw = _submitted(form)
    sent = await _prepared_photos(form, settings)
    problem: crud.EntryInvalid | None = None
    with writing(hub.engine) as conn:
        editable_entry(conn, hub, staff, entry_id)
        villages = crud.adviser_villages(conn, adviser_id=staff.adviser_id)
        try:
            values = crud.check_entry(raw, villages=villages, window=_window(hub))
            room = photos.room_left(conn, settings, entry_id=entry_id)
            taken = _checked_photos(sent, room=room)
        except crud.EntryInvalid as exc:
            problem = exc
        else:
            crud.change_entry(conn, entry_id=entry_id, values=values, now=now_utc())
            photos.store_photos(conn, settings, entry_id=entry_id, photos=taken)
    if problem is not None:
        errors = _error_texts(request, problem)
        return _edit_page(
            request, hub, staff, entry_id=entry_id, form=raw, errors=errors, status=422
        )
    return see_other("/admin/worklog?done=worklog_saved")
