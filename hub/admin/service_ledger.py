"""``/admin/ledger/standards``: each adviser's month against the district's service standard,
the same figures as ``legal-hub ledger --json`` (:mod:`hub.crud.service_ledger`); short items in
red, residents served and kiosk ratings beside them."""

from __future__ import annotations

from fastapi import APIRouter, Request

from hub.api.deps import HubDep
from hub.core.clock import local_today
from hub.core.db import reading
from hub.crud import ledger as work_record
from hub.crud.service_ledger import parse_month, service_ledger

from .web import AdminProblem, AdminRoute, ReportStaff, render

router = APIRouter(prefix="/admin/ledger", route_class=AdminRoute, include_in_schema=False)


@router.get("/standards")
def standards_ledger(request: Request, hub: HubDep, staff: ReportStaff):
    text = request.query_params.get("month", "").strip() or local_today(hub.settings.zone).strftime(
        "%Y-%m"
    )
    district = request.query_params.get("district", "").strip()[:80]
    try:
        month = parse_month(text, zone=hub.settings.zone)
    except ValueError:
        raise AdminProblem(422, "admin.ledger.bad_month") from None
    with reading(hub.engine) as conn:
        rows = service_ledger(conn, month=month, district=district)
        ratings = {r["adviser_id"]: r for r in work_record.ledger(conn, period=month)}
    return render(
        request,
        "service_ledger.html",
        staff=staff,
        rows=rows,
        ratings=ratings,
        month=month.first.strftime("%Y-%m"),
        district=district,
    )
