"""``/admin/announcements``: notices for the terminals' attract screen (draft/published, time window)."""

from __future__ import annotations

from datetime import tzinfo

from fastapi import APIRouter, Request

from contract.records import validate_record
from hub.api.deps import HubDep
from hub.core.db import reading
from hub.crud.publish import iso
from hub.crud.records import announcements_newest_first, upsert
from hub.models.tables import announcements
from hub.models.types import utcnow

from .forms import Field, local_input, parse_local_input
from .record_forms import FormRefused, RecordForm, edit_page
from .record_routes import add_record_routes
from .web import AdminRoute, EditorStaff, render, translator

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
            "starts_at", "datetime-local", values.get("starts_at", ""), help="admin.help.local_time"
        ),
        Field("ends_at", "datetime-local", values.get("ends_at", ""), help="admin.help.local_time"),
        Field("body", "textarea", values.get("body", ""), rows=5),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    t = translator(request)
    return edit_page(
        request,
        staff,
        kind="announcements",
        fields=_fields(t, values, new=new),
        values=values,
        errors=errors,
        new=new,
        status=status,
    )


@router.get("")
def announcement_list(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        rows = announcements_newest_first(conn)
    return render(request, "announcements.html", staff=staff, rows=rows, now=utcnow())


@router.get("/new")
def announcement_new(request: Request, staff: EditorStaff):
    return _page(request, staff, values={}, errors={}, new=True)


def _build(t, values: dict, zone: tzinfo) -> dict:
    """The validated record, plus what only the hub keeps: the parsed times and the status."""
    times = {}
    for key in ("starts_at", "ends_at"):
        try:
            times[key] = parse_local_input(values[key], zone)
        except ValueError:
            raise FormRefused("invalid", {key: t("admin.reason.date")}) from None
    if times["starts_at"] and times["ends_at"] and times["ends_at"] <= times["starts_at"]:
        raise FormRefused("invalid", {"ends_at": t("admin.reason.end_after_start")})
    if values["status"] not in STATUSES:
        raise FormRefused(
            "invalid", {"status": t("record.reason.one_of", values=", ".join(STATUSES))}
        )
    record = validate_record(
        "announcements",
        {
            "id": values["id"],
            "title": values["title"],
            "body": values["body"],
            "starts_at": iso(times["starts_at"]),
            "ends_at": iso(times["ends_at"]),
            "updated_at": iso(utcnow()),
        },
    )
    return {**record, "times": times, "status": values["status"]}


def _save(conn, record: dict) -> None:
    upsert(
        conn,
        announcements,
        {
            "id": record["id"],
            "title": record["title"],
            "body": record["body"],
            "starts_at": record["times"]["starts_at"],
            "ends_at": record["times"]["ends_at"],
            "status": record["status"],
            "updated_at": utcnow(),
        },
    )


def _shown(row, zone: tzinfo) -> dict:
    return {
        **row,
        "starts_at": local_input(row["starts_at"], zone),
        "ends_at": local_input(row["ends_at"], zone),
    }


FORM = RecordForm(
    table=announcements,
    fields=("id", "title", "status", "starts_at", "ends_at", "body"),
    build=_build,
    save=_save,
    page=_page,
    list_url="/admin/announcements",
    id_prefix="n-",
    shown=_shown,
)


add_record_routes(router, FORM, EditorStaff)
