"""``/admin/ledger/village``: 一村一卷, the file of one village for a month, quarter or year —
every work-log entry there and the kiosk consultations held on its terminals
(:mod:`hub.crud.village_file` says what is attributed how) — as a page, a printable A4 PDF
(``village.pdf``, :mod:`hub.admin.village_pdf`; ``&photos=1`` adds the entries' photos) and a CSV (``village.csv``: UTF-8 with a BOM,
formula cells escaped, as every export of the hub). For viewers, editors and admins: the file
holds every adviser's work in the village.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hub.api.deps import HubDep
from hub.core.clock import local_text, local_today
from hub.core.db import reading
from hub.crud.ledger_periods import KINDS, View, parse_view, view_of
from hub.crud.village_file import VillageFile, known_villages, village_file
from hub.crud.work_log import VILLAGE_MAX_CHARS
from hub.crud.work_log_photos import photos_of
from hub.models.types import utcnow

from .pdf_font import PdfFontMissing
from .photo_thumbs import PhotoUnreadable, print_copy
from .reports import csv_response
from .village_pdf import PhotoGroup, village_pdf
from .web import AdminProblem, AdminRoute, ReportStaff, render, translator

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/admin/ledger", route_class=AdminRoute, include_in_schema=False)
CSV_COLUMNS = (
    "day",
    "source",
    "service",
    "adviser",
    "start",
    "end",
    "hours",
    "people",
    "outcome",
    "note",
    "photos",
)


def _hours(minutes: float) -> str:
    return f"{round(minutes / 60, 2):g}"


def shown_rows(t, found: VillageFile) -> list[dict]:
    """Each row as the text the page, the PDF and the CSV show."""
    shown = []
    for row in found.rows:
        kiosk = row["source"] == "kiosk"
        service = t(
            f"village_file.kiosk.{row['service']}" if kiosk else f"worklog.service.{row['service']}"
        )
        photos = t("village_file.photos_value", count=row["photos"]) if row["photos"] else ""
        shown.append(
            {
                "day": row["day"].isoformat(),
                "source": t(f"village_file.source.{row['source']}"),
                "service": service,
                "adviser": row["adviser"],
                "start": row["start"],
                "end": row["end"],
                "time": f"{row['start']}–{row['end']}" if row["end"] else row["start"],
                "hours": _hours(row["minutes"]),
                "people": str(row["people"]),
                "outcome": row["outcome"],
                "note": row["note"],
                "pdf_note": "\n".join(part for part in (row["note"], photos) if part),
                "photos": str(row["photos"]),
                "kiosk": kiosk,
            }
        )
    return shown


def _query(request: Request, hub) -> tuple[str, str, View]:
    params = request.query_params
    village = " ".join(params.get("village", "").split())
    district = " ".join(params.get("district", "").split())[:80]
    kind = params.get("kind", "month")
    text = params.get("period", "").strip()
    zone = hub.settings.zone
    if len(village) > VILLAGE_MAX_CHARS:
        raise AdminProblem(422, "village_file.error.bad_village")
    try:
        view = (
            parse_view(kind, text, zone=zone)
            if text
            else view_of(kind, local_today(zone), zone=zone)
        )
    except ValueError:
        raise AdminProblem(422, "village_file.error.bad_period") from None
    return village, district, view


def _load(request: Request, hub, *, need_village: bool):
    village, district, view = _query(request, hub)
    if need_village and not village:
        raise AdminProblem(422, "village_file.error.bad_village")
    with reading(hub.engine) as conn:
        villages = known_villages(conn)
        found = village_file(conn, village=village, period=view.period, district=district)
    return village, district, view, villages, found


def _title(t, village: str, view: View) -> str:
    return t("village_file.title", village=village, period=view.label)


def _lines(t, hub, found: VillageFile, view: View) -> list[str]:
    totals = found.totals
    lines = [
        t(
            "village_file.period_line",
            first=view.period.first.isoformat(),
            last=view.period.last.isoformat(),
            made=local_text(utcnow(), hub.settings.zone),
        ),
        t("village_file.summary", **totals),
        t("village_file.kiosk_help"),
    ]
    if found.district:
        lines.insert(0, t("village_file.district_line", district=found.district))
    return lines


def _links(village: str, district: str, view: View) -> str:
    query = {"village": village, "kind": view.kind, "period": view.label}
    if district:
        query["district"] = district
    return urlencode(query)


@router.get("/village")
def village_page(request: Request, hub: HubDep, staff: ReportStaff):
    t = translator(request)
    village, district, view, villages, found = _load(request, hub, need_village=False)
    return render(
        request,
        "village_file.html",
        staff=staff,
        village=village,
        district=district,
        view=view,
        kinds=KINDS,
        villages=villages,
        rows=shown_rows(t, found) if village else [],
        lines=_lines(t, hub, found, view) if village else [],
        title=_title(t, village, view) if village else t("village_file.heading"),
        query=_links(village, district, view),
    )


def _download_name(village: str, view: View, suffix: str) -> str:
    """``attachment`` with an ASCII name and the village's name for browsers that take it."""
    plain = f"village-file-{view.label}.{suffix}"
    full = quote(f"一村一卷-{village}-{view.label}.{suffix}", safe="")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{full}"


def photo_groups(hub, found: VillageFile, shown: list[dict], t) -> list[PhotoGroup]:
    """The photos of the file's entries, in the file's order, made small enough to print.

    A file missing from the folder or no longer readable is left out (and logged by hash).
    """
    ids = [row["id"] for row in found.rows if row["source"] == "log" and row["photos"]]
    with reading(hub.engine) as conn:
        held = photos_of(conn, entry_ids=ids)
    groups = []
    for row, text in zip(found.rows, shown, strict=True):
        if row["source"] != "log" or not held.get(row["id"]):
            continue
        images = []
        for photo in held[row["id"]]:
            try:
                data = (hub.settings.work_log_photo_dir / photo["sha256"]).read_bytes()
                images.append(print_copy(data))
            except (OSError, PhotoUnreadable):
                logger.warning("work-log photo %s is missing or unreadable", photo["sha256"])
        if images:
            caption = t(
                "village_file.pdf.photo_caption",
                day=text["day"],
                service=text["service"],
                adviser=text["adviser"],
            )
            groups.append(PhotoGroup(caption, images))
    return groups


@router.get("/village.pdf")
def village_file_pdf(request: Request, hub: HubDep, staff: ReportStaff):
    t = translator(request)
    village, _district, view, _villages, found = _load(request, hub, need_village=True)
    shown = shown_rows(t, found)
    with_photos = request.query_params.get("photos") == "1"
    try:
        data = village_pdf(
            t,
            title=_title(t, village, view),
            lines=_lines(t, hub, found, view),
            rows=shown,
            empty=t("village_file.empty"),
            photos=photo_groups(hub, found, shown, t) if with_photos else None,
        )
    except PdfFontMissing:
        raise AdminProblem(503, "village_file.error.no_font") from None
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": _download_name(village, view, "pdf")},
    )


@router.get("/village.csv")
def village_file_csv(request: Request, hub: HubDep, staff: ReportStaff):
    t = translator(request)
    village, _district, view, _villages, found = _load(request, hub, need_village=True)
    header = [t(f"village_file.column.{key}") for key in CSV_COLUMNS]
    rows = [[row[key] for key in CSV_COLUMNS] for row in shown_rows(t, found)]
    answer = csv_response(header, rows, f"village-file-{view.label}.csv")
    answer.headers["Content-Disposition"] = _download_name(village, view, "csv")
    return answer
