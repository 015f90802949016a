"""``/admin/advisers``: advisers, their weekly duty hours and leave, and the slots that result.

The slots shown are computed by the foundation's :func:`hub.crud.slots.adviser_slots`, which
already leaves out mainland public holidays and serves make-up working days (chinese-calendar)
and leave — so staff see exactly what a terminal will offer.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from fastapi import APIRouter, Request

from contract.records import RecordInvalid, validate_record
from hub.api.deps import HubDep
from hub.core.clock import local_day, local_today
from hub.core.db import reading, writing
from hub.crud.advisers import (
    add_leave,
    advisers_with_institutions,
    delete_leave,
    duty_of,
    leave_of,
    set_adviser_active,
)
from hub.crud.calendar import schedule_weekday
from hub.crud.holidays import staff_days
from hub.crud.publish import iso
from hub.crud.records import record_by_id, record_exists, save_adviser
from hub.crud.slots import adviser_slots
from hub.crud.standards import villages_served
from hub.models.tables import advisers, institutions
from hub.models.types import utcnow

from .forms import Field, hidden_errors, record_errors, split_list, text_of
from .record_forms import FormRefused
from .standards import village_limit_errors
from .web import (
    AdminProblem,
    AdminRoute,
    EditorStaff,
    checked_form,
    id_taken,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin/advisers", route_class=AdminRoute, include_in_schema=False)
SLOT_DAYS = 14
BLANK_DUTY_ROWS = 3
FORM_FIELDS = ("id", "name", "title", "institution_id", "serves", "phone")


def _fields(values: dict, *, new: bool) -> list[Field]:
    return [
        Field("id", value=values.get("id", ""), readonly=not new, help="admin.help.id"),
        Field("name", value=values.get("name", ""), required=True),
        Field("title", value=values.get("title", ""), label="admin.field.adviser_title"),
        Field(
            "institution_id",
            value=values.get("institution_id") or "",
            help="admin.help.institution_id",
        ),
        Field("phone", value=values.get("phone", ""), help="admin.help.adviser_phone"),
        Field("serves", value=values.get("serves", ""), help="admin.help.serves"),
        Field("active", "checkbox", values.get("active", True)),
    ]


def _calendar_notes(conn, today: date, days: int) -> list[tuple[date, int | None]]:
    """Days in the window whose duty differs from their own weekday (holiday or make-up day)."""
    notes = []
    staff = staff_days(conn, today, today + timedelta(days=days))
    for offset in range(days):
        day = today + timedelta(days=offset)
        rule = schedule_weekday(day, staff)
        if rule != day.weekday():
            notes.append((day, rule))
    return notes


def _slot_days(conn, hub, adviser_id: str) -> list[tuple[date, list]]:
    slots = adviser_slots(
        conn,
        adviser_id=adviser_id,
        now=utcnow(),
        days=SLOT_DAYS,
        slot_minutes=hub.settings.slot_minutes,
        zone=hub.settings.zone,
    )
    grouped: dict[date, list] = {}
    for slot in slots:
        grouped.setdefault(local_day(slot.start, hub.settings.zone), []).append(slot)
    return sorted(grouped.items())


def _page(request, hub, staff, conn, *, values, duty, errors, new, status=200):
    t = translator(request)
    adviser_id = values.get("id", "")
    leave = [] if new else leave_of(conn, adviser_id=adviser_id)
    today = local_today(hub.settings.zone)
    return render(
        request,
        "adviser_form.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.advisers.new") if new else t("admin.advisers.edit"),
        fields=_fields(values, new=new),
        back="/admin/advisers",
        new=new,
        adviser_id=adviser_id,
        action="/admin/advisers/new" if new else f"/admin/advisers/{adviser_id}",
        duty=list(duty) + [{"weekday": "", "start": "", "end": ""}] * BLANK_DUTY_ROWS,
        leave=leave,
        slot_days=[] if new else _slot_days(conn, hub, adviser_id),
        notes=_calendar_notes(conn, today, SLOT_DAYS),
        slot_days_count=SLOT_DAYS,
        delete_action=None,
    )


@router.get("")
def adviser_list(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        rows = advisers_with_institutions(conn)
        periods: dict[str, list] = {}
        for p in duty_of(conn):
            periods.setdefault(p["adviser_id"], []).append(p)
        now = utcnow()
        upcoming = {}
        for row in rows:
            free = [
                s
                for s in adviser_slots(
                    conn,
                    adviser_id=row["id"],
                    now=now,
                    days=SLOT_DAYS,
                    slot_minutes=hub.settings.slot_minutes,
                    zone=hub.settings.zone,
                )
                if s.free
            ]
            upcoming[row["id"]] = free[0].start if free else None
    return render(
        request, "advisers.html", staff=staff, rows=rows, periods=periods, upcoming=upcoming
    )


def _duty_from(form) -> list[dict]:
    rows = zip(
        form.getlist("duty_weekday"),
        form.getlist("duty_start"),
        form.getlist("duty_end"),
        strict=False,
    )
    duty = []
    for weekday, start, end in rows:
        if not (weekday or start or end):
            continue
        duty.append(
            {
                "weekday": int(weekday) if weekday.isdigit() else -1,
                "start": start.strip(),
                "end": end.strip(),
            }
        )
    return duty


async def _save(request: Request, hub, staff, adviser_id: str | None):
    t = translator(request)
    form = await checked_form(request, staff)
    values = {k: text_of(form, k) for k in FORM_FIELDS}
    values["active"] = form.get("active") == "1"
    new = adviser_id is None
    values["id"] = (values["id"] or "adv-" + secrets.token_hex(4)) if new else adviser_id
    duty = _duty_from(form)
    record = {
        "id": values["id"],
        "name": values["name"],
        "title": values["title"],
        "institution_id": values["institution_id"] or None,
        "serves": split_list(values["serves"]),
        "duty_hours": duty,
        "phone": values["phone"],
        "updated_at": iso(utcnow()),
    }
    with writing(hub.engine) as conn:
        hidden = hidden_errors(t, values, ("name",))
        refusal = FormRefused("invalid", hidden) if hidden else None
        try:
            record = validate_record("advisers", record) if refusal is None else record
        except RecordInvalid as exc:
            refusal = FormRefused("invalid", record_errors(t, exc))
        if (
            refusal is None
            and record["institution_id"]
            and not record_exists(conn, table=institutions, record_id=record["institution_id"])
        ):
            refusal = FormRefused("invalid", {"institution_id": t("admin.reason.unknown")})
        if refusal is None:
            over = village_limit_errors(
                conn,
                t,
                adviser_id=record["id"],
                institution_id=record["institution_id"],
                villages=villages_served(conn, adviser_id=record["id"], serves=record["serves"]),
            )
            refusal = FormRefused("invalid", over) if over else None
        taken = id_taken(conn, advisers, values["id"], new=new)  # 404 when edited away
        if refusal is None and taken:
            refusal = FormRefused("taken", {"id": t("admin.reason.taken")})
        if refusal is not None:  # the status comes from the kind, never from the field
            return _page(
                request,
                hub,
                staff,
                conn,
                values=values,
                duty=duty,
                errors=refusal.errors,
                new=new,
                status=refusal.status,
            )
        save_adviser(conn, record)
        set_adviser_active(conn, adviser_id=record["id"], active=values["active"])
    return see_other(f"/admin/advisers/{record['id']}?done=saved")


@router.get("/new")
def adviser_new(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        return _page(
            request, hub, staff, conn, values={"active": True}, duty=[], errors={}, new=True
        )


@router.post("/new")
async def adviser_create(request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, None)


@router.get("/{adviser_id}")
def adviser_edit(adviser_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        row = record_by_id(conn, table=advisers, record_id=adviser_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        duty = [dict(p) for p in duty_of(conn, adviser_id=adviser_id)]
        values = {**row, "serves": "，".join(row["serves"])}
        return _page(request, hub, staff, conn, values=values, duty=duty, errors={}, new=False)


@router.post("/{adviser_id}")
async def adviser_update(adviser_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, adviser_id)


@router.post("/{adviser_id}/leave")
async def leave_add(adviser_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    try:
        first = date.fromisoformat(text_of(form, "first_day"))
        last = date.fromisoformat(text_of(form, "last_day") or text_of(form, "first_day"))
    except ValueError:
        raise AdminProblem(422, "admin.leave.bad_dates") from None
    if last < first:
        raise AdminProblem(422, "admin.leave.bad_order")
    with writing(hub.engine) as conn:
        if not record_exists(conn, table=advisers, record_id=adviser_id):
            raise AdminProblem(404, "admin.error.not_found")
        add_leave(
            conn, adviser_id=adviser_id, first_day=first, last_day=last, note=text_of(form, "note")
        )
    return see_other(f"/admin/advisers/{adviser_id}?done=saved")


@router.post("/{adviser_id}/leave/{leave_id}/delete")
async def leave_delete(
    adviser_id: str, leave_id: int, request: Request, hub: HubDep, staff: EditorStaff
):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        gone = delete_leave(conn, adviser_id=adviser_id, leave_id=leave_id)
    if not gone:
        raise AdminProblem(404, "admin.error.not_found")
    return see_other(f"/admin/advisers/{adviser_id}?done=deleted")
