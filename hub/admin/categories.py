"""``/admin/categories``: the guide categories (name, English name, icon, order, hot questions).

Hot questions are the staff's own list, one per line; when set they replace the list computed
from usage at publish time (:mod:`hub.crud.highlights`).
"""

from __future__ import annotations

from datetime import tzinfo

from fastapi import APIRouter, Request

from contract.records import validate_record
from hub.api.deps import HubDep
from hub.core.db import reading
from hub.crud.categories import category_list_rows
from hub.crud.records import count_articles_in, save_category
from hub.models.tables import categories

from .forms import Field
from .record_forms import FormRefused, RecordForm, edit_page
from .record_routes import add_record_routes
from .web import AdminProblem, AdminRoute, EditorStaff, render

router = APIRouter(prefix="/admin/categories", route_class=AdminRoute, include_in_schema=False)
FIELDS = ("id", "name", "name_en", "icon", "sort", "hot_questions")


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
        Field(
            "hot_questions",
            "textarea",
            values.get("hot_questions", ""),
            rows=6,
            help="admin.help.hot_questions",
        ),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    return edit_page(
        request,
        staff,
        kind="categories",
        fields=_fields(values, new=new),
        values=values,
        errors=errors,
        new=new,
        status=status,
    )


@router.get("")
def category_list(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        rows = category_list_rows(conn)
    return render(request, "categories.html", staff=staff, rows=rows)


@router.get("/new")
def category_new(request: Request, staff: EditorStaff):
    return _page(request, staff, values={"sort": 0}, errors={}, new=True)


def _build(t, values: dict, zone: tzinfo) -> dict:
    try:
        sort = int(values["sort"] or 0)
    except ValueError:
        raise FormRefused("invalid", {"sort": t("record.reason.whole_number")}) from None
    lines = [line.strip() for line in values.get("hot_questions", "").splitlines()]
    return validate_record(
        "categories", {**values, "sort": sort, "hot_questions": [q for q in lines if q]}
    )


def _shown(row, zone: tzinfo) -> dict:
    """The edit form's values: the staff's hot questions one per line."""
    values = {k: v for k, v in row.items() if k != "staff_hot_questions"}
    values["hot_questions"] = "\n".join(row.get("staff_hot_questions") or [])
    return values


def _in_use(conn, category_id: str) -> None:
    used = count_articles_in(conn, category_id=category_id)
    if used:
        raise AdminProblem(409, "admin.categories.in_use", n=used)


FORM = RecordForm(
    table=categories,
    fields=FIELDS,
    build=_build,
    save=save_category,
    page=_page,
    list_url="/admin/categories",
    shown=_shown,
    names=("name", "name_en"),
)


add_record_routes(router, FORM, EditorStaff, delete_check=_in_use)
