"""``/admin/categories``: the guide categories (name, English name, icon, order)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from contract.records import RecordInvalid, validate_record
from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.records import save_category
from hub.models.tables import articles, categories

from .forms import Field, record_errors, text_of
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

router = APIRouter(prefix="/admin/categories", route_class=AdminRoute, include_in_schema=False)
FIELDS = ("id", "name", "name_en", "icon", "sort")


def _fields(values: dict, *, new: bool) -> list[Field]:
    return [
        Field(
            "id",
            value=values.get("id", ""),
            readonly=not new,
            required=True,
            help="admin.help.id_required",
        ),
        Field("name", value=values.get("name", ""), required=True),
        Field("name_en", value=values.get("name_en", "")),
        Field("icon", value=values.get("icon", ""), help="admin.help.icon"),
        Field("sort", "number", values.get("sort", 0)),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    t = translator(request)
    return render(
        request,
        "edit.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.categories.new") if new else t("admin.categories.edit"),
        fields=_fields(values, new=new),
        back="/admin/categories",
        action="/admin/categories/new" if new else f"/admin/categories/{values['id']}",
        delete_action=None if new else f"/admin/categories/{values['id']}/delete",
    )


@router.get("")
def category_list(request: Request, hub: HubDep, staff: EditorStaff):
    counts = (
        select(articles.c.category_id, func.count().label("n"))
        .group_by(articles.c.category_id)
        .subquery()
    )
    query = (
        select(categories, func.coalesce(counts.c.n, 0).label("articles"))
        .select_from(categories.outerjoin(counts, counts.c.category_id == categories.c.id))
        .order_by(categories.c.sort, categories.c.id)
    )
    with reading(hub.engine) as conn:
        rows = conn.execute(query).mappings().all()
    return render(request, "categories.html", staff=staff, rows=rows)


@router.get("/new")
def category_new(request: Request, staff: EditorStaff):
    return _page(request, staff, values={"sort": 0}, errors={}, new=True)


async def _save(request: Request, hub, staff, category_id: str | None):
    t = translator(request)
    form = await checked_form(request, staff)
    values = {k: text_of(form, k) for k in FIELDS}
    if category_id is not None:
        values["id"] = category_id
    try:
        sort = int(values["sort"] or 0)
    except ValueError:
        return _page(
            request,
            staff,
            values=values,
            errors={"sort": t("record.reason.whole_number")},
            new=category_id is None,
            status=422,
        )
    try:
        record = validate_record("categories", {**values, "sort": sort})
    except RecordInvalid as exc:
        return _page(
            request,
            staff,
            values=values,
            errors=record_errors(t, exc),
            new=category_id is None,
            status=422,
        )
    with writing(hub.engine) as conn:
        if id_taken(conn, categories, record["id"], new=category_id is None):
            return _page(
                request,
                staff,
                values=values,
                errors={"id": t("admin.reason.taken")},
                new=True,
                status=409,
            )
        save_category(conn, record)
    return see_other("/admin/categories?done=saved")


@router.post("/new")
async def category_create(request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, None)


@router.get("/{category_id}")
def category_edit(category_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        row = (
            conn.execute(select(categories).where(categories.c.id == category_id))
            .mappings()
            .first()
        )
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    return _page(request, staff, values=dict(row), errors={}, new=False)


@router.post("/{category_id}")
async def category_update(category_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, category_id)


@router.post("/{category_id}/delete")
async def category_delete(category_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        used = conn.execute(
            select(func.count()).select_from(articles).where(articles.c.category_id == category_id)
        ).scalar_one()
        if used:
            raise AdminProblem(409, "admin.categories.in_use", n=used)
        delete_by_id(conn, categories, category_id)
    return see_other("/admin/categories?done=deleted")
