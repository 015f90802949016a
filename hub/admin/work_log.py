"""``/admin/worklog``: the advisers' work log (工作日志) in the adviser console.

An adviser fills one short form per service (quick on a phone: large type buttons, today's date
already in), sees their own entries of a month and changes one while it is editable
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
from hub.models.tables import SERVICE_TYPES

from .web import (
    AdminProblem,
    AdminRoute,
    AnyStaff,
    checked_form,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin/worklog", route_class=AdminRoute, include_in_schema=False)
FIELDS = ("service", "village", "day", "start", "end", "hours", "people", "outcome", "note")


def _window(hub) -> crud.Window:
    return crud.Window(
        today=local_today(hub.settings.zone), edit_days=hub.settings.work_log_edit_days
    )


def _own_adviser(staff: StaffUser) -> str:
    """The adviser id of an adviser login (403 for one not linked to an adviser record)."""
    if staff.role != "adviser":
        raise AdminProblem(403, "worklog.error.advisers_only")
    if not staff.adviser_id:
        raise AdminProblem(403, "admin.my.no_adviser")
    return staff.adviser_id


def _month(request: Request, hub):
    try:
        today = local_today(hub.settings.zone)
        text = request.query_params.get("month", "").strip()
        return month_period(text, today=today, zone=hub.settings.zone)
    except ValueError:
        raise AdminProblem(422, "admin.ledger.bad_month") from None


def _rows(hub, rows, staff: StaffUser) -> list[dict]:
    now, days = now_utc(), hub.settings.work_log_edit_days
    return [
        {
            **row,
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
        _own_adviser(staff)
    with reading(hub.engine) as conn:
        rows = crud.entries(conn, first=period.first, last=period.last, adviser_id=adviser_id)
        villages = crud.adviser_villages(conn, adviser_id=adviser_id) if adviser_id else []
    return render(
        request,
        "worklog.html",
        staff=staff,
        http_status=status,
        rows=_rows(hub, rows, staff),
        month=period.first.strftime("%Y-%m"),
        services=SERVICE_TYPES,
        villages=villages,
        form=form or {"day": local_today(hub.settings.zone).isoformat(), "people": "0"},
        errors=errors or {},
        action="/admin/worklog",
        edit_days=hub.settings.work_log_edit_days,
        can_write=staff.role == "adviser",
    )


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
    adviser_id = _own_adviser(staff)
    raw = _submitted(await checked_form(request, staff, max_files=0))
    with writing(hub.engine) as conn:
        villages = crud.adviser_villages(conn, adviser_id=adviser_id)
        try:
            values = crud.check_entry(raw, villages=villages, window=_window(hub))
        except crud.EntryInvalid as exc:
            values = None
            problem = exc
        else:
            crud.add_entry(
                conn, adviser_id=adviser_id, author_id=staff.id, values=values, now=now_utc()
            )
    if values is None:
        return _page(
            request, hub, staff, form=raw, errors=_error_texts(request, problem), status=422
        )
    return see_other("/admin/worklog?done=worklog_saved")


def _editable(conn, hub, staff: StaffUser, entry_id: int):
    """The entry, if this adviser wrote it and it is still open (403 / 404 / 409 otherwise)."""
    adviser_id = _own_adviser(staff)
    row = crud.entry(conn, entry_id=entry_id)
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    if row["adviser_id"] != adviser_id or row["author_id"] != staff.id:
        raise AdminProblem(403, "worklog.error.not_yours")
    if crud.is_locked(row, now=now_utc(), edit_days=hub.settings.work_log_edit_days):
        raise AdminProblem(409, "worklog.error.locked", days=hub.settings.work_log_edit_days)
    return row


def _form_of(row) -> dict[str, str]:
    hours = "" if row["start"] else f"{row['minutes'] / 60:g}"
    return {
        **{k: "" if row[k] is None else str(row[k]) for k in FIELDS if k != "hours"},
        "hours": hours,
    }


def _edit_page(request, hub, staff, *, entry_id, form, errors=None, status=200):
    with reading(hub.engine) as conn:
        villages = crud.adviser_villages(conn, adviser_id=staff.adviser_id)
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
    )


@router.get("/{entry_id}")
def work_log_edit(entry_id: int, request: Request, hub: HubDep, staff: AnyStaff):
    with reading(hub.engine) as conn:
        row = _editable(conn, hub, staff, entry_id)
    return _edit_page(request, hub, staff, entry_id=entry_id, form=_form_of(row))


@router.post("/{entry_id}")
async def work_log_change(entry_id: int, request: Request, hub: HubDep, staff: AnyStaff):
    raw = _submitted(await checked_form(request, staff, max_files=0))
    with writing(hub.engine) as conn:
        _editable(conn, hub, staff, entry_id)
        villages = crud.adviser_villages(conn, adviser_id=staff.adviser_id)
        try:
            values = crud.check_entry(raw, villages=villages, window=_window(hub))
        except crud.EntryInvalid as exc:
            values, problem = None, exc
        else:
            crud.change_entry(conn, entry_id=entry_id, values=values, now=now_utc())
    if values is None:
        errors = _error_texts(request, problem)
        return _edit_page(
            request, hub, staff, entry_id=entry_id, form=raw, errors=errors, status=422
        )
    return see_other("/admin/worklog?done=worklog_saved")
