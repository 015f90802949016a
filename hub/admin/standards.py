"""``/admin/standards``: the districts' service standards (items and village limit per adviser).

Everyone who reads reports sees them; editors and admins create and change them. A standard's
items are rows of the form (service, amount, measure, period); blank rows are left out.
"""

from __future__ import annotations

from fastapi import APIRouter, Request

from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud import standards as crud
from hub.models.tables import SERVICE_TYPES, STANDARD_MEASURES, STANDARD_PERIODS

from .web import (
    CONTENT_ROLES,
    AdminProblem,
    AdminRoute,
    EditorStaff,
    ReportStaff,
    checked_form,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin/standards", route_class=AdminRoute, include_in_schema=False)
BLANK_ROWS = 3
ITEM_FIELDS = ("service", "amount", "measure", "per")


@router.get("")
def standard_list(request: Request, hub: HubDep, staff: ReportStaff):
    with reading(hub.engine) as conn:
        rows = crud.all_standards(conn)
    return render(
        request, "standards.html", staff=staff, rows=rows, can_edit=staff.role in CONTENT_ROLES
    )


def _form_page(request, staff, *, values: dict, items: list[dict], errors=None, status=200):
    return render(
        request,
        "standard_form.html",
        staff=staff,
        http_status=status,
        values=values,
        items=[*items, *({} for _ in range(BLANK_ROWS))],
        errors=errors or {},
        services=(*SERVICE_TYPES, crud.ANY_SERVICE),
        measures=STANDARD_MEASURES,
        periods=STANDARD_PERIODS,
        action="/admin/standards" + (f"/{values['id']}" if values.get("id") else ""),
    )


@router.get("/new")
def standard_new(request: Request, staff: EditorStaff):
    return _form_page(request, staff, values={}, items=[])


@router.get("/{standard_id}")
def standard_edit(standard_id: int, request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        found = crud.standard_by_id(conn, standard_id=standard_id)
    if found is None:
        raise AdminProblem(404, "admin.error.not_found")
    values = {
        "id": found.id,
        "district": found.district,
        "name": found.name,
        "village_limit": "" if found.village_limit is None else found.village_limit,
    }
    return _form_page(request, staff, values=values, items=[i.__dict__ for i in found.items])


async def _save(request: Request, hub, staff, standard_id: int | None):
    form = await checked_form(request, staff, max_files=0)
    columns = [form.getlist(f"item_{name}") for name in ITEM_FIELDS]
    items = [dict(zip(ITEM_FIELDS, row, strict=True)) for row in zip(*columns, strict=False)]
    raw = {k: str(form.get(k) or "") for k in ("district", "name", "village_limit")}
    t = translator(request)
    with writing(hub.engine) as conn:
        if standard_id is not None and crud.standard_by_id(conn, standard_id=standard_id) is None:
            raise AdminProblem(404, "admin.error.not_found")
        try:
            district, name, limit, checked = crud.check_standard({**raw, "items": items})
        except crud.StandardInvalid as exc:
            errors, status = {k: t(v) for k, v in exc.errors.items()}, 422
        else:
            errors, status = {}, 200
            if crud.district_taken(conn, district=district, standard_id=standard_id):
                errors, status = {"district": t("standards.error.district_taken")}, 409
        if not errors:
            standard_id = crud.save_standard(
                conn,
                district=district,
                name=name,
                village_limit=limit,
                items=checked,
                standard_id=standard_id,
            )
    if errors:
        values = {**raw, "id": standard_id}
        return _form_page(request, staff, values=values, items=items, errors=errors, status=status)
    return see_other("/admin/standards?done=saved_standard")


@router.post("")
async def standard_create(request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, None)


@router.post("/{standard_id}")
async def standard_update(standard_id: int, request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, standard_id)


def village_limit_errors(
    conn, t, *, adviser_id: str, institution_id, villages, field: str = "serves"
) -> dict[str, str]:
    """``{field: reason}`` when ``villages`` exceed the adviser's district standard, else {}."""
    district = crud.district_of(conn, adviser_id=adviser_id, institution_id=institution_id)
    standard = crud.village_limit_exceeded(conn, district=district, villages=list(villages))
    if standard is None:
        return {}
    reason = t(
        "standards.error.too_many_villages",
        standard=standard.name,
        limit=standard.village_limit,
        count=len(set(villages)),
    )
    return {field: reason}


def terminal_village_errors(conn, t, *, adviser_id: str, terminal_id, village: str) -> dict:
    """``{"adviser_id": reason}`` when assigning the terminal takes the adviser over the limit."""
    villages = crud.villages_served(
        conn, adviser_id=adviser_id, terminal_id=terminal_id, village=village
    )
    return village_limit_errors(
        conn, t, adviser_id=adviser_id, institution_id=None, villages=villages, field="adviser_id"
    )
