"""Reports: ``/admin/reports`` (usage per terminal / district / period), ``/admin/ledger`` (the
advisers' monthly work record, 台账) and ``/admin/my`` (an adviser's own bookings and record).
Every table can be downloaded as CSV (UTF-8 with BOM so spreadsheet programs read Chinese)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import tzinfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hub.api.deps import HubDep
from hub.core.clock import local_today
from hub.core.db import reading
from hub.crud import call_rules, ledger
from hub.crud import reports as data
from hub.crud.bookings import adviser_bookings_from, adviser_name, mask_name
from hub.crud.institutions_csv import formula_safe
from hub.models.types import utcnow

from .svg_charts import bar_chart, line_chart
from .web import AdminProblem, AdminRoute, AdviserStaff, ReportStaff, render, translator

router = APIRouter(prefix="/admin", route_class=AdminRoute, include_in_schema=False)
SUMMARY_KEYS = (
    "sessions",
    "avg_session",
    "article_views",
    "searches",
    "zero_searches",
    "institution_views",
    "nearby",
    "qr_shows",
    "prints",
    "speech",
    "bookings",
    "held",
    "no_show",
    "cancelled",
    "referred",
    "now_calls",
    "now_held",
    "now_missed",
    "calls_held",
    "call_minutes",
    "avg_rating",
    *data.RATED_KEYS,
)
ROW_KEYS = (
    "sessions",
    "article_views",
    "searches",
    "bookings",
    "held",
    "no_show",
    "now_calls",
    "now_held",
    "calls_held",
    "call_minutes",
    *data.RATED_KEYS,
)
CSV_TABLES = (
    "summary",
    "daily",
    "articles",
    "searches",
    "zero_searches",
    "low_searches",
    "guide_ratings",
    "terminals",
    "districts",
)


def _filters(request: Request, zone: tzinfo) -> tuple[data.Period, str, str]:
    params = request.query_params
    try:
        period = data.parse_period(
            params.get("from", ""), params.get("to", ""), today=local_today(zone), zone=zone
        )
    except ValueError:
        raise AdminProblem(422, "admin.reports.bad_period", days=data.MAX_PERIOD_DAYS) from None
    return period, params.get("terminal", "").strip(), params.get("district", "").strip()


def _minutes_seconds(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def _row(use: dict, booked: dict, called: dict) -> dict:
    """One terminal's (or district's) numbers; ``call_minutes`` unrounded until shown."""
    return {
        **{k: use.get(k, 0) for k in ("sessions", "article_views", "searches", *data.RATED_KEYS)},
        **{k: booked.get(k, 0) for k in ("bookings", "held", "no_show")},
        **{k: called.get(k, 0) for k in ("now_calls", "now_held", "call_minutes")},
        "calls_held": booked.get("held", 0) + called.get("now_held", 0),
    }


def _per_terminal(use, booked: dict, called: dict, names: dict) -> list[dict]:
    ids = set(use.per_terminal) | set(booked["per_terminal"]) | set(called["per_terminal"])
    rows = []
    for tid in sorted(ids - {None}, key=lambda i: names.get(i, {}).get("name", "")):
        row = _row(
            use.per_terminal.get(tid, {}),
            booked["per_terminal"].get(tid, {}),
            called["per_terminal"].get(tid, {}),
        )
        rows.append(
            {
                "name": names.get(tid, {}).get("name", tid),
                "district": names.get(tid, {}).get("district", ""),
                **row,
            }
        )
    return rows


def _per_district(terminal_rows: list[dict]) -> list[dict]:
    sums: dict[str, Counter] = {}
    for row in terminal_rows:
        sums.setdefault(row["district"], Counter()).update({k: row[k] for k in ROW_KEYS})
    return [{"district": d, **{k: sums[d][k] for k in ROW_KEYS}} for d in sorted(sums)]


def _rounded(rows: list[dict]) -> list[dict]:
    return [{**row, "call_minutes": round(row["call_minutes"])} for row in rows]


def build_report(conn, period: data.Period, terminal_id: str, district: str) -> dict:
    """Everything the report page and its CSV files show."""
    use = data.usage(conn, period=period, terminal_id=terminal_id, district=district)
    booked = data.booking_counts(conn, period=period, terminal_id=terminal_id, district=district)
    called = call_rules.report_calls(
        conn, period=period, scope=call_rules.Scope(terminal_id=terminal_id, district=district)
    )
    ratings = use.ratings + booked["ratings"] + called["ratings"]
    summary = {
        **{
            k: use.counts[k]
            for k in (
                "sessions",
                "article_views",
                "searches",
                "zero_searches",
                "institution_views",
                "nearby",
                "qr_shows",
                "prints",
                "speech",
                *data.RATED_KEYS,
            )
        },
        **{
            k: booked["counts"][k] for k in ("bookings", "held", "no_show", "cancelled", "referred")
        },
        **{k: called["counts"][k] for k in ("now_calls", "now_held", "now_missed")},
        "calls_held": booked["counts"]["held"] + called["counts"]["now_held"],
        "avg_session": _minutes_seconds(use.avg_session_s),
        "call_minutes": round(called["counts"]["call_minutes"]),
        "avg_rating": f"{sum(ratings) / len(ratings):.1f} ({len(ratings)})" if ratings else "—",
    }
    titles = data.article_titles(conn, ids=[i for i, _ in use.articles.most_common(data.TOP_N)])
    per_terminal = _per_terminal(use, booked, called, data.terminal_names(conn))
    rated_guides = sorted(
        use.guide_ratings.items(), key=lambda item: (-sum(item[1].values()), item[0])
    )
    guide_titles = data.article_titles(conn, ids=[i for i, _ in rated_guides])
    return {
        "summary": summary,
        "daily": [(day.isoformat(), use.daily.get(day, 0)) for day in period.days],
        "articles": [(titles.get(i, i), n) for i, n in use.articles.most_common(data.TOP_N)],
        "searches": use.searches.most_common(data.TOP_N),
        "zero_searches": use.zero_searches.most_common(data.TOP_N),
        "low_searches": use.low_searches.most_common(data.TOP_N),
        "guide_ratings": [
            {"article": guide_titles.get(i, i), **{k: c[k] for k in data.RATED_KEYS}}
            for i, c in rated_guides
        ],
        "terminals": _rounded(per_terminal),
        "districts": _rounded(_per_district(per_terminal)),
    }


@router.get("/reports")
def report_page(request: Request, hub: HubDep, staff: ReportStaff):
    t = translator(request)
    period, terminal_id, district = _filters(request, hub.settings.zone)
    with reading(hub.engine) as conn:
        report = build_report(conn, period, terminal_id, district)
        names = data.terminal_names(conn)
    districts = sorted({v["district"] for v in names.values() if v["district"]})
    charts = {
        "daily": line_chart(
            [(d[5:], n) for d, n in report["daily"]], title=t("admin.reports.daily_sessions")
        ),
        "articles": bar_chart(report["articles"], title=t("admin.reports.top_articles")),
        "searches": bar_chart(report["searches"], title=t("admin.reports.top_searches")),
        "zero": bar_chart(report["zero_searches"], title=t("admin.reports.zero_searches")),
    }
    return render(
        request,
        "reports.html",
        staff=staff,
        report=report,
        charts=charts,
        period=period,
        terminal=terminal_id,
        district=district,
        terminals=names,
        districts=districts,
        summary_keys=SUMMARY_KEYS,
        row_keys=ROW_KEYS,
        rated_keys=data.RATED_KEYS,
        tables=CSV_TABLES,
        query=request.url.query,
    )


def cell(value: object) -> object:
    """Text a spreadsheet would run as a formula (a search typed on a terminal) gets a leading '."""
    return formula_safe(value)


def csv_response(header: list[str], rows: list, filename: str) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[cell(value) for value in row] for row in rows])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/reports/export.csv")
def report_csv(request: Request, hub: HubDep, staff: ReportStaff):
    table = request.query_params.get("table", "summary")
    if table not in CSV_TABLES:
        raise AdminProblem(404, "admin.error.not_found")
    period, terminal_id, district = _filters(request, hub.settings.zone)
    with reading(hub.engine) as conn:
        report = build_report(conn, period, terminal_id, district)
    name = f"report-{table}-{period.first}-{period.last}.csv"
    if table == "summary":
        return csv_response(
            ["measure", "value"], [(k, report["summary"][k]) for k in SUMMARY_KEYS], name
        )
    if table == "daily":
        return csv_response(["day", "sessions"], report["daily"], name)
    if table == "guide_ratings":
        keys = ["article", *data.RATED_KEYS]
        return csv_response(keys, [[row[k] for k in keys] for row in report[table]], name)
    if table in ("terminals", "districts"):
        keys = ["name", "district", *ROW_KEYS] if table == "terminals" else ["district", *ROW_KEYS]
        return csv_response(keys, [[row[k] for k in keys] for row in report[table]], name)
    first = "article" if table == "articles" else "query"
    return csv_response([first, "count"], report[table], name)


LEDGER_KEYS = ledger.LEDGER_KEYS


def _month(request: Request, zone: tzinfo) -> data.Period:
    try:
        return data.month_period(
            request.query_params.get("month", "").strip(), today=local_today(zone), zone=zone
        )
    except ValueError:
        raise AdminProblem(422, "admin.ledger.bad_month") from None


@router.get("/ledger")
def ledger_page(request: Request, hub: HubDep, staff: ReportStaff):
    t = translator(request)
    period = _month(request, hub.settings.zone)
    with reading(hub.engine) as conn:
        rows = ledger.ledger(conn, period=period)
    chart = bar_chart(
        [(r["name"], r["held"] + r["now_held"]) for r in rows], title=t("admin.ledger.held_chart")
    )
    return render(
        request,
        "ledger.html",
        staff=staff,
        rows=rows,
        keys=LEDGER_KEYS,
        chart=chart,
        month=period.first.strftime("%Y-%m"),
    )


@router.get("/ledger/export.csv")
def ledger_csv(request: Request, hub: HubDep, staff: ReportStaff):
    period = _month(request, hub.settings.zone)
    with reading(hub.engine) as conn:
        rows = ledger.ledger(conn, period=period)
    header = ["adviser_id", "name", *LEDGER_KEYS]
    return csv_response(
        header,
        [[r[k] if r[k] is not None else "" for k in header] for r in rows],
        f"ledger-{period.first.strftime('%Y-%m')}.csv",
    )


@router.get("/my")
def my_page(request: Request, hub: HubDep, staff: AdviserStaff):
    """An adviser's own bookings (names masked) and this month's work record."""
    if not staff.adviser_id:
        raise AdminProblem(403, "admin.my.no_adviser")
    period = _month(request, hub.settings.zone)
    now = utcnow()
    with reading(hub.engine) as conn:
        rows = [
            {**r, "masked": mask_name(r["resident_name"])}
            for r in adviser_bookings_from(conn, adviser_id=staff.adviser_id, since=now)
        ]
        record = ledger.ledger(conn, period=period, adviser_id=staff.adviser_id)
        name = adviser_name(conn, adviser_id=staff.adviser_id)
    return render(
        request,
        "my.html",
        staff=staff,
        rows=rows,
        record=record[0] if record else None,
        keys=LEDGER_KEYS,
        month=period.first.strftime("%Y-%m"),
        adviser_name=name or "",
    )
