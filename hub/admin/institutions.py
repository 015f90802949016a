"""``/admin/institutions``: list/filter, create, edit, delete, CSV import (row-by-row report) and export.

The CSV format is the foundation's (:mod:`hub.crud.institutions_csv`): the export writes exactly
the columns the import reads, so an exported file can be edited in a spreadsheet and imported back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import tzinfo

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile

from contract.records import DATUMS, INSTITUTION_TYPES, validate_record
from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.institutions import (
    count_rows,
    institution_page,
    institution_query,
    institutions_by_id,
    known_districts,
)
from hub.crud.institutions_csv import (
    CSV_COLUMNS,
    decode_csv,
    formula_safe,
    import_institutions,
    parse_institutions_csv,
)
from hub.crud.publish import iso
from hub.crud.records import save_institution
from hub.models.tables import institutions
from hub.models.types import utcnow

from .forms import Field, parse_float, readable, split_list
from .record_forms import RecordForm, edit_page
from .record_routes import add_record_routes
from .web import (
    AdminRoute,
    EditorStaff,
    checked_form,
    page_window,
    render,
    translator,
)

router = APIRouter(prefix="/admin/institutions", route_class=AdminRoute, include_in_schema=False)
MAX_CSV_BYTES = 20_000_000
FORM_FIELDS = (
    "id",
    "type",
    "name",
    "address",
    "district",
    "lat",
    "lng",
    "datum",
    "phone",
    "hours",
    "services",
)


def _fields(t, values: dict, *, new: bool) -> list[Field]:
    types = [(k, t(f"admin.itype.{k}")) for k in INSTITUTION_TYPES]
    return [
        Field("id", value=values.get("id", ""), readonly=not new, help="admin.help.id"),
        Field("name", value=values.get("name", ""), required=True),
        Field("type", "select", values.get("type", ""), options=types, required=True),
        Field("district", value=values.get("district", "")),
        Field("address", value=values.get("address", ""), required=True),
        Field("phone", value=values.get("phone", "")),
        Field("lat", value=values.get("lat", ""), required=True, help="admin.help.lat"),
        Field("lng", value=values.get("lng", ""), required=True, help="admin.help.lng"),
        Field(
            "datum",
            "select",
            values.get("datum", "gcj02"),
            options=[(d, t(f"admin.datum.{d}")) for d in DATUMS],
        ),
        Field("hours", value=values.get("hours", "")),
        Field("services", value=values.get("services", ""), help="admin.help.list"),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    t = translator(request)
    return edit_page(
        request,
        staff,
        kind="institutions",
        fields=_fields(t, values, new=new),
        values=values,
        errors=errors,
        new=new,
        status=status,
    )


def _filtered(request: Request):
    q, kind, district = (request.query_params.get(k, "").strip() for k in ("q", "type", "district"))
    query = institution_query(q=q, kind=kind, district=district)
    return query, {"q": q, "type": kind, "district": district}


@router.get("")
def institution_list(request: Request, hub: HubDep, staff: EditorStaff):
    query, filters = _filtered(request)
    with reading(hub.engine) as conn:
        window = page_window(request, count_rows(conn, query=query))
        rows = institution_page(conn, query=query, limit=window.size, offset=window.offset)
        districts = known_districts(conn)
    return render(
        request,
        "institutions.html",
        staff=staff,
        rows=rows,
        window=window,
        districts=districts,
        types=INSTITUTION_TYPES,
        **filters,
    )


@router.get("/export.csv")
def institution_export(request: Request, hub: HubDep, staff: EditorStaff):
    query, _filters = _filtered(request)

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"  # spreadsheet programs then read the file as UTF-8
        writer.writerow(CSV_COLUMNS)
        with reading(hub.engine) as conn:
            for row in institutions_by_id(conn, query=query):
                writer.writerow(
                    [
                        formula_safe(";".join(row[c]) if c == "services" else row[c])
                        for c in CSV_COLUMNS
                    ]
                )
                if buffer.tell() > 64_000:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="institutions.csv"'},
    )


@router.get("/import")
def institution_import_form(request: Request, staff: EditorStaff):
    return render(
        request,
        "institutions_import.html",
        staff=staff,
        errors=[],
        imported=None,
        columns=CSV_COLUMNS,
    )


@router.post("/import")
async def institution_import(request: Request, hub: HubDep, staff: EditorStaff):
    form = await checked_form(request, staff)
    upload = form.get("file")
    skip_bad = form.get("skip_bad") == "1"
    data = await upload.read(MAX_CSV_BYTES + 1) if isinstance(upload, UploadFile) else b""

    def page(status: int, errors: list, imported: int | None, key: str = ""):
        return render(
            request,
            "institutions_import.html",
            staff=staff,
            http_status=status,
            errors=errors,
            readable=readable,
            imported=imported,
            columns=CSV_COLUMNS,
            problem=key,
            skip_bad=skip_bad,
        )

    if not data:
        return page(422, [], None, "admin.import.no_file")
    if len(data) > MAX_CSV_BYTES:
        return page(413, [], None, "admin.import.too_large")
    try:
        text = decode_csv(data)
    except UnicodeDecodeError:
        return page(422, [], None, "admin.import.not_utf8")
    parsed = parse_institutions_csv(text)
    header_broken = any(number == 1 for number, _ in parsed.errors)
    if parsed.errors and (not skip_bad or header_broken):
        return page(422, parsed.errors, 0, "admin.import.nothing_imported")
    with writing(hub.engine) as conn:
        count = import_institutions(conn, parsed.records)
    return page(200, parsed.errors, count)


@router.get("/new")
def institution_new(request: Request, staff: EditorStaff):
    return _page(request, staff, values={"datum": "gcj02"}, errors={}, new=True)


def _build(t, values: dict, zone: tzinfo) -> dict:
    return validate_record(
        "institutions",
        {
            **values,
            "lat": parse_float(values["lat"]),
            "lng": parse_float(values["lng"]),
            "services": split_list(values["services"]),
            "updated_at": iso(utcnow()),
        },
    )


FORM = RecordForm(
    table=institutions,
    fields=FORM_FIELDS,
    build=_build,
    save=save_institution,
    page=_page,
    list_url="/admin/institutions",
    id_prefix="i-",
    shown=lambda row, zone: {**row, "services": "，".join(row["services"])},
    saved_url=lambda record: f"/admin/institutions/{record['id']}?done=saved",
    names=("name",),
)


add_record_routes(router, FORM, EditorStaff)
