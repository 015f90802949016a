"""``/admin/announcements``: notices for the terminals' attract screen (draft/published, time window)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from sqlalchemy import select

from contract.records import RecordInvalid, validate_record
from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.publish import iso
from hub.crud.records import upsert
from hub.models.tables import announcements
from hub.models.types import utcnow

from .forms import Field, china_input, parse_china_input, record_errors, text_of
from .web import (
    AdminProblem,
    AdminRoute,
    EditorStaff,
    checked_form,
    delete_by_id,
    id_taken,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin/announcements", route_class=AdminRoute, include_in_schema=False)
STATUSES = ("draft", "published")


def _fields(t, values: dict, *, new: bool) -> list[Field]:
    return [
        Field("id", value=values.get("id", ""), readonly=not new, help="admin.help.id"),
        Field("title", value=values.get("title", ""), required=True),
        Field(
            "status",
            "select",
            values.get("status", "draft"),
            options=[(s, t(f"admin.status.{s}")) for s in STATUSES],
        ),
        Field(
            "starts_at", "datetime-local", values.get("starts_at", ""), help="admin.help.china_time"
        ),
        Field("ends_at", "datetime-local", values.get("ends_at", ""), help="admin.help.china_time"),
        Field("body", "textarea", values.get("body", ""), rows=5),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    t = translator(request)
    return render(
        request,
        "edit.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.announcements.new") if new else t("admin.announcements.edit"),
        fields=_fields(t, values, new=new),
        back="/admin/announcements",
        action="/admin/announcements/new" if new else f"/admin/announcements/{values['id']}",
        delete_action=None if new else f"/admin/announcements/{values['id']}/delete",
    )


@router.get("")
def announcement_list(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        rows = (
            conn.execute(select(announcements).order_by(announcements.c.updated_at.desc()))
            .mappings()
            .all()
        )
    return render(request, "announcements.html", staff=staff, rows=rows, now=utcnow())


@router.get("/new")
def announcement_new(request: Request, staff: EditorStaff):
    return _page(request, staff, values={}, errors={}, new=True)


def _validate(t, values: dict) -> tuple[dict | None, dict, dict]:
    """(record, errors, times) — times are the parsed aware datetimes."""
    times = {}
    for key in ("starts_at", "ends_at"):
        try:
            times[key] = parse_china_input(values[key])
        except ValueError:
            return None, {key: t("admin.reason.date")}, {}
    if times["starts_at"] and times["ends_at"] and times["ends_at"] <= times["starts_at"]:
        return None, {"ends_at": t("admin.reason.end_after_start")}, {}
    if values["status"] not in STATUSES:
        return None, {"status": t("record.reason.one_of", values=", ".join(STATUSES))}, {}
    record = {
        "id": values["id"],
        "title": values["title"],
        "body": values["body"],
        "starts_at": iso(times["starts_at"]),
        "ends_at": iso(times["ends_at"]),
        "updated_at": iso(utcnow()),
    }
    try:
        return validate_record("announcements", record), {}, times
    except RecordInvalid as exc:
        return None, record_errors(t, exc), {}


async def _save(request: Request, hub, staff, announcement_id: str | None):
    t = translator(request)
    form = await checked_form(request, staff)
    values = {
        k: text_of(form, k) for k in ("id", "title", "status", "starts_at", "ends_at", "body")
    }
    new = announcement_id is None
    values["id"] = values["id"] or ("n-" + secrets.token_hex(4)) if new else announcement_id
    record, errors, times = _validate(t, values)
    if errors:
        return _page(request, staff, values=values, errors=errors, new=new, status=422)
    with writing(hub.engine) as conn:
        if id_taken(conn, announcements, record["id"], new=new):
            return _page(
                request,
                staff,
                values=values,
                errors={"id": t("admin.reason.taken")},
                new=True,
                status=409,
            )
        upsert(
            conn,
            announcements,
            {
                "id": record["id"],
                "title": record["title"],
                "body": record["body"],
                "starts_at": times["starts_at"],
                "ends_at": times["ends_at"],
                "status": values["status"],
                "updated_at": utcnow(),
            },
        )
    return see_other("/admin/announcements?done=saved")


@router.post("/new")
async def announcement_create(request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, None)


@router.get("/{announcement_id}")
def announcement_edit(announcement_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        row = (
            conn.execute(select(announcements).where(announcements.c.id == announcement_id))
            .mappings()
            .first()
        )
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    values = {
        **row,
        "starts_at": china_input(row["starts_at"]),
        "ends_at": china_input(row["ends_at"]),
    }
    return _page(request, staff, values=values, errors={}, new=False)


@router.post("/{announcement_id}")
async def announcement_update(
    announcement_id: str, request: Request, hub: HubDep, staff: EditorStaff
):
    return await _save(request, hub, staff, announcement_id)


@router.post("/{announcement_id}/delete")
async def announcement_delete(
    announcement_id: str, request: Request, hub: HubDep, staff: EditorStaff
):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        delete_by_id(conn, announcements, announcement_id)
    return see_other("/admin/announcements?done=deleted")
