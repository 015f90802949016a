"""``/admin/holidays``: public holidays and make-up working days (调休上班) kept by staff.

The page shows one year as the hub applies it (staff entries over chinese-calendar's), a form to
add a day or a run of days, a remove button per staff entry and a yearly CSV import. When a day
of the booking window (``slot_days_max``) falls in a year with neither package data nor staff
entries, this page and the dashboard say so in red: those days would be offered as ordinary duty
days. Slots follow every change at once (they read the entries on each request).
"""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from hub.api.deps import HubDep
from hub.commands.holidays import year_entries
from hub.core.clock import local_today
from hub.core.db import reading, writing
from hub.crud import holidays as crud

from .web import AdminProblem, AdminRoute, EditorStaff, checked_form, render, see_other

router = APIRouter(prefix="/admin/holidays", route_class=AdminRoute, include_in_schema=False)
MAX_CSV_BYTES = 64 * 1024
CSV_COLUMNS = ("date", "kind", "name")


def calendar_gaps(conn, *, today: date, days: int) -> list[int]:
    """Years of the booking window ``today``..``today + days - 1`` that have no calendar."""
    return crud.uncovered_years(conn, today, today + timedelta(days=max(days, 1) - 1))


def _page(request, hub, staff, *, year: int | None, status=200, errors=(), problem="", done=""):
    today = local_today(hub.settings.zone)
    year = year or today.year
    with reading(hub.engine) as conn:
        rows = year_entries(conn, year)
        gaps = calendar_gaps(conn, today=today, days=hub.settings.slot_days_max)
    return render(
        request,
        "holidays.html",
        staff=staff,
        http_status=status,
        year=year,
        rows=rows,
        gaps=gaps,
        errors=list(errors),
        problem=problem,
        imported=done,
        columns=CSV_COLUMNS,
        window_days=hub.settings.slot_days_max,
    )


@router.get("")
def holiday_list(request: Request, hub: HubDep, staff: EditorStaff, year: int | None = None):
    if year is not None and not 2000 <= year <= 2100:
        raise AdminProblem(404, "admin.error.not_found")
    return _page(request, hub, staff, year=year)


def _day(text: str) -> date:
    try:
        return crud.parse_day(text)
    except ValueError:
        raise AdminProblem(422, "admin.holidays.bad_date") from None


@router.post("")
async def holiday_add(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    first = _day(str(form.get("day", "")))
    last = _day(str(form.get("to"))) if form.get("to") else first
    try:
        with writing(hub.engine) as conn:
            crud.add_days(
                conn,
                first=first,
                last=last,
                name=str(form.get("name", "")),
                workday=form.get("workday") == "1",
            )
    except ValueError:
        raise AdminProblem(422, "admin.holidays.bad_range") from None
    return see_other(f"/admin/holidays?year={first.year}&done=stored")


@router.post("/remove")
async def holiday_remove(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    day = _day(str(form.get("day", "")))
    with writing(hub.engine) as conn:
        crud.remove_day(conn, day)
    return see_other(f"/admin/holidays?year={day.year}&done=deleted")


@router.post("/import")
async def holiday_import(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    upload = form.get("file")
    data = await upload.read(MAX_CSV_BYTES + 1) if isinstance(upload, UploadFile) else b""
    if not data:
        return _page(request, hub, staff, year=None, status=422, problem="admin.import.no_file")
    if len(data) > MAX_CSV_BYTES:
        return _page(request, hub, staff, year=None, status=413, problem="admin.import.too_large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _page(request, hub, staff, year=None, status=422, problem="admin.import.not_utf8")
    with writing(hub.engine) as conn:
        year, count, errors = crud.import_csv(conn, text)
    if errors:
        return _page(
            request,
            hub,
            staff,
            year=None,
            status=422,
            errors=errors,
            problem="admin.import.nothing_imported",
        )
    return _page(request, hub, staff, year=year, done=str(count))
