"""``/admin/terminals`` (admins only): the fleet, enrollment codes, place and adviser, revoke.

Health comes from the ``doctor`` report a terminal sends with its heartbeat
(``{"ok": bool, "checks": [{"name", "ok", "detail"}]}``); a terminal silent for over an hour or
holding an older content version stands out in the list.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request

from contract.records import DATUMS
from contract.terminal_commands import COMMANDS
from hub.api.deps import HubDep
from hub.core.clock import local_today
from hub.core.db import reading, writing
from hub.core.key_rotation import terminal_key_state
from hub.crud.advisers import adviser_choices
from hub.crud.publish import latest_version
from hub.crud.records import record_by_id, record_exists
from hub.crud.terminals import (
    ensure_terminal,
    new_enrollment_code,
    recent_heartbeats,
    revoke_terminal,
    terminal_by_name,
    terminals_with_advisers,
    update_terminal,
)
from hub.models.tables import advisers, terminals
from hub.models.types import utcnow

from .forms import Field, hidden_errors, parse_float, text_of
from .holidays import calendar_gaps
from .standards import terminal_village_errors
from .terminal_commands import commands_detail, expire_for
from .web import AdminProblem, AdminRoute, AdminStaff, checked_form, render, see_other, translator

router = APIRouter(prefix="/admin/terminals", route_class=AdminRoute, include_in_schema=False)
SILENT_AFTER = timedelta(hours=1)
FORM_FIELDS = (
    "name",
    "place",
    "district",
    "address",
    "village",
    "lat",
    "lng",
    "datum",
    "adviser_id",
)


def health(doctor: object) -> tuple[str, list[str]]:
    """``("ok" | "bad" | "unknown", names of failing checks)`` from a doctor report."""
    if not isinstance(doctor, dict):
        return "unknown", []
    checks = doctor.get("checks") if isinstance(doctor.get("checks"), list) else []
    failing = [
        str(c.get("name", "?")) for c in checks if isinstance(c, dict) and not c.get("ok", False)
    ]
    if doctor.get("ok") is True and not failing:
        return "ok", []
    return "bad", failing


def _adviser_options(conn, t) -> list[tuple[str, str]]:
    rows = adviser_choices(conn, active_only=True)
    return [("", t("admin.terminals.no_adviser"))] + [(r.id, r.name) for r in rows]


def _fields(t, values: dict, options, *, new: bool) -> list[Field]:
    return [
        Field("name", value=values.get("name", ""), required=True, readonly=not new),
        Field("place", value=values.get("place", "")),
        Field("district", value=values.get("district", "")),
        Field("address", value=values.get("address", "")),
        Field("village", value=values.get("village", ""), help="admin.help.village"),
        Field("adviser_id", "select", values.get("adviser_id") or "", options=options),
        Field(
            "lat",
            value=values.get("lat") if values.get("lat") is not None else "",
            help="admin.help.lat",
        ),
        Field(
            "lng",
            value=values.get("lng") if values.get("lng") is not None else "",
            help="admin.help.lng",
        ),
        Field(
            "datum",
            "select",
            values.get("datum", "gcj02"),
            options=[(d, t(f"admin.datum.{d}")) for d in DATUMS],
        ),
    ]


def _page(request, staff, conn, *, values, errors, new, status=200, detail=None):
    t = translator(request)
    return render(
        request,
        "terminal_form.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.terminals.new") if new else t("admin.terminals.edit"),
        fields=_fields(t, values, _adviser_options(conn, t), new=new),
        back="/admin/terminals",
        action="/admin/terminals/new" if new else f"/admin/terminals/{values['id']}",
        delete_action=None,
        new=new,
        terminal=values,
        detail=detail or {},
    )


@router.get("")
def terminal_list(request: Request, hub: HubDep, staff: AdminStaff):
    with reading(hub.engine) as conn:
        rows = terminals_with_advisers(conn)
        latest = latest_version(conn)
        gaps = calendar_gaps(
            conn, today=local_today(hub.settings.zone), days=hub.settings.slot_days_max
        )
    now = utcnow()
    keys = hub.keyring.keys()
    fleet = [
        {
            **r,
            "health": health(r["doctor"]),
            "key_state": terminal_key_state(r["key_id"], r["next_key_id"], keys),
            "stale": r["content_version"] < latest or bool(r["content_stale"]),
            "unconfirmed": bool(r["content_stale"]),
            "silent": r["last_seen_at"] is None or now - r["last_seen_at"] > SILENT_AFTER,
        }
        for r in rows
    ]
    return render(
        request,
        "terminals.html",
        staff=staff,
        rows=fleet,
        latest=latest,
        gaps=gaps,
        window_days=hub.settings.slot_days_max,
    )


def _values(form) -> dict:
    return {k: text_of(form, k) for k in FORM_FIELDS}


def _check(t, conn, values: dict, terminal_id: str | None = None) -> tuple[dict, dict]:
    """(column values, errors) for the place fields of a terminal (``terminal_id``: the one
    edited, None for a new one)."""
    errors, fields = {}, {}
    for key in ("lat", "lng"):
        if values[key]:
            number = parse_float(values[key])
            low, high = (-90, 90) if key == "lat" else (-180, 180)
            if not isinstance(number, float) or not low <= number <= high:
                errors[key] = t("record.reason.between", low=low, high=high)
            fields[key] = number
        else:
            fields[key] = None
    if values["datum"] not in DATUMS:
        errors["datum"] = t("record.reason.one_of", values=", ".join(DATUMS))
    if values["adviser_id"] and not record_exists(
        conn, table=advisers, record_id=values["adviser_id"]
    ):
        errors["adviser_id"] = t("admin.reason.unknown")
    elif values["adviser_id"]:
        errors |= terminal_village_errors(
            conn,
            t,
            adviser_id=values["adviser_id"],
            terminal_id=terminal_id,
            village=values["village"][:200],
        )
    errors |= hidden_errors(t, values, ("place",))
    for key in ("place", "district", "address", "village"):
        fields[key] = values[key][:200]
    fields["datum"], fields["adviser_id"] = values["datum"], values["adviser_id"] or None
    return fields, errors


@router.get("/new")
def terminal_new(request: Request, hub: HubDep, staff: AdminStaff):
    with reading(hub.engine) as conn:
        return _page(request, staff, conn, values={"datum": "gcj02"}, errors={}, new=True)


@router.post("/new")
async def terminal_create(request: Request, hub: HubDep, staff: AdminStaff):
    t = translator(request)
    form = await checked_form(request, staff)
    values = _values(form)
    with writing(hub.engine) as conn:
        fields, errors = _check(t, conn, values)
        if not values["name"] or len(values["name"]) > 80:
            errors["name"] = (
                t("record.reason.too_long", n=80) if values["name"] else t("record.reason.required")
            )
        elif hidden_errors(t, values, ("name",)):
            errors |= hidden_errors(t, values, ("name",))
        elif terminal_by_name(conn, values["name"]) is not None:
            errors["name"] = t("admin.reason.name_taken")
        if errors:
            return _page(
                request,
                staff,
                conn,
                values=values,
                errors=errors,
                new=True,
                status=409 if errors.get("name") == t("admin.reason.name_taken") else 422,
            )
        terminal_id = ensure_terminal(conn, name=values["name"], **fields)
        code = new_enrollment_code(conn, terminal_id=terminal_id, issued_by=staff.username)
    return _code_page(request, staff, values["name"], terminal_id, code, status=201)


def _code_page(request, staff, name: str, terminal_id: str, code: str, *, status: int = 200):
    return render(
        request,
        "terminal_code.html",
        staff=staff,
        http_status=status,
        name=name,
        terminal_id=terminal_id,
        code=code,
    )


@router.get("/{terminal_id}")
def terminal_edit(terminal_id: str, request: Request, hub: HubDep, staff: AdminStaff):
    expire_for(hub, terminal_id)
    with reading(hub.engine) as conn:
        row = record_by_id(conn, table=terminals, record_id=terminal_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        detail = _detail(hub, conn, row, translator(request))
        return _page(request, staff, conn, values=dict(row), errors={}, new=False, detail=detail)


def _detail(hub, conn, row, t) -> dict:
    """What the edit page shows beside the form: health, recent heartbeats, the doctor report,
    where the terminal stands in a key rotation, the remote commands
    (:mod:`hub.admin.terminal_commands`)."""
    beats = recent_heartbeats(conn, terminal_id=row["id"])
    return {
        "health": health(row["doctor"]),
        "heartbeats": beats,
        "doctor": row["doctor"],
        "key_state": terminal_key_state(row["key_id"], row["next_key_id"], hub.keyring.keys()),
        "commands": commands_detail(conn, t, terminal_id=row["id"]),
        "command_names": COMMANDS,
    }


@router.post("/{terminal_id}")
async def terminal_update(terminal_id: str, request: Request, hub: HubDep, staff: AdminStaff):
    t = translator(request)
    form = await checked_form(request, staff)
    values = _values(form)
    with writing(hub.engine) as conn:
        row = record_by_id(conn, table=terminals, record_id=terminal_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        fields, errors = _check(t, conn, values, terminal_id)
        if errors:
            return _page(
                request,
                staff,
                conn,
                values={**row, **values},
                errors=errors,
                new=False,
                status=422,
                detail=_detail(hub, conn, row, t),  # a refused edit once answered 500 without it
            )
        update_terminal(conn, terminal_id=terminal_id, fields=fields)
    return see_other(f"/admin/terminals/{terminal_id}?done=stored")


@router.post("/{terminal_id}/code")
async def terminal_code(terminal_id: str, request: Request, hub: HubDep, staff: AdminStaff):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        row = record_by_id(conn, table=terminals, record_id=terminal_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        code = new_enrollment_code(conn, terminal_id=terminal_id, issued_by=staff.username)
    return _code_page(request, staff, row["name"], terminal_id, code)


@router.post("/{terminal_id}/revoke")
async def terminal_revoke(terminal_id: str, request: Request, hub: HubDep, staff: AdminStaff):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        if not record_exists(conn, table=terminals, record_id=terminal_id):
            raise AdminProblem(404, "admin.error.not_found")
        revoke_terminal(conn, terminal_id=terminal_id, revoked_by=staff.username)
    return see_other(f"/admin/terminals/{terminal_id}?done=revoked")
