"""``/admin/ledger/standards``: each adviser against the district's service standard for a month
(the same figures as ``legal-hub ledger --json``, :mod:`hub.crud.service_ledger`), a quarter or a
year (:mod:`hub.crud.period_ledger`: the months added up); short items in red, hours, residents
served and kiosk consultations and ratings beside them. ``export.csv`` is the summary of the
same view for assessment: one row per adviser, every item's done / required / met.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request

from hub.api.deps import HubDep
from hub.core.clock import local_today
from hub.core.db import reading
from hub.crud import ledger as work_record
from hub.crud.ledger_periods import KINDS, View, parse_view, view_of
from hub.crud.period_ledger import kiosk_figures, period_ledger
from hub.crud.service_ledger import service_ledger

from .reports import csv_response
from .web import AdminProblem, AdminRoute, ReportStaff, render, translator

router = APIRouter(prefix="/admin/ledger", route_class=AdminRoute, include_in_schema=False)


def _view(request: Request, hub) -> View:
    """``?kind=month|quarter|year&period=…`` (``?month=YYYY-MM`` as before); default: now."""
    params, zone = request.query_params, hub.settings.zone
    kind = params.get("kind", "month")
    text = params.get("period", "").strip() or (
        params.get("month", "").strip() if kind == "month" else ""
    )
    try:
        if text:
            return parse_view(kind, text, zone=zone)
        return view_of(kind, local_today(zone), zone=zone)
    except ValueError:
        raise AdminProblem(422, "village_file.error.bad_period") from None


def ledger_rows(conn, view: View, district: str) -> list[dict]:
    """The rows of the view; a month's are exactly the monthly ledger's (with kiosk figures)."""
    if view.kind != "month":
        return period_ledger(conn, view=view, district=district)
    month = view.months[0]
    kiosk = {r["adviser_id"]: r for r in work_record.ledger(conn, period=month)}
    return [
        {**row, **kiosk_figures(kiosk.get(row["adviser_id"]))}
        for row in service_ledger(conn, month=month, district=district)
    ]


def _district(request: Request) -> str:
    return " ".join(request.query_params.get("district", "").split())[:80]


@router.get("/standards")
def standards_ledger(request: Request, hub: HubDep, staff: ReportStaff):
    view, district = _view(request, hub), _district(request)
    with reading(hub.engine) as conn:
        rows = ledger_rows(conn, view, district)
    return render(
        request,
        "service_ledger.html",
        staff=staff,
        rows=rows,
        view=view,
        kinds=KINDS,
        month=view.months[-1].first.strftime("%Y-%m"),
        district=district,
    )


def item_label(t, key: str) -> str:
    service, measure, per = key.split(".")
    return (
        f"{t('worklog.service.' + service)}·{t('standards.measure.' + measure)}/"
        f"{t('standards.per.' + per)}"
    )


def met_text(t, met: bool | None) -> str:
    if met is None:
        return t("service_ledger.not_due")
    return t("service_ledger.met" if met else "service_ledger.short")


@router.get("/standards/export.csv")
def standards_ledger_csv(request: Request, hub: HubDep, staff: ReportStaff):
    """One row per adviser: every item's done / required / met, hours, people, consultations,
    ratings (columns in the reader's language; an item another standard lacks stays empty)."""
    t = translator(request)
    view, district = _view(request, hub), _district(request)
    with reading(hub.engine) as conn:
        rows = ledger_rows(conn, view, district)
    keys: list[str] = []
    for row in rows:
        keys += [i["item"] for i in row["items"] if i["item"] not in keys]
    header = [t(f"service_ledger.csv.{k}") for k in ("adviser_id", "name", "district", "standard")]
    for key in keys:
        label = item_label(t, key)
        header += [
            t(f"service_ledger.csv.{part}", item=label) for part in ("done", "required", "met")
        ]
    header += [
        t(f"service_ledger.csv.{k}")
        for k in ("hours", "people", "consultations", "ratings", "avg_rating", "all_met")
    ]
    lines = []
    for row in rows:
        items = {i["item"]: i for i in row["items"]}
        line = [row["adviser_id"], row["name"], row["district"], row["standard"]]
        for key in keys:
            item = items.get(key)
            line += (
                ["", "", ""]
                if item is None
                else [item["done"], item["required"], met_text(t, item["met"])]
            )
        average = row["avg_rating"]
        all_met = t("service_ledger.no_standard") if row["met"] is None else met_text(t, row["met"])
        line += [
            row["hours"],
            row["people"],
            row["consultations"],
            row["ratings"],
            "" if average is None else average,
            all_met,
        ]
        lines.append(line)
    name = f"ledger-standards-{view.label}{'-' + district if district else ''}.csv"
    answer = csv_response(header, lines, "ledger-standards.csv")
    answer.headers["Content-Disposition"] = (
        f'attachment; filename="ledger-standards-{view.label}.csv"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
    return answer
