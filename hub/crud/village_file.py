"""一村一卷, the file of one village: everything advisers did there in a period, in date order.

Rows come from two sources:

- **work-log entries** whose village is this village (by name, as written in the entry);
- **kiosk consultations** the ledger counts (bookings held, "call now" calls held) made on a
  terminal whose village is this village. A call belongs to the terminal it was made from, and a
  terminal to the village it is assigned to *now* (the hub keeps no history of assignments);
  bookings made on a phone page (no terminal) belong to no village. No resident's name, phone or
  topic is in the file.

``district`` narrows both: entries of advisers of that district (and those within it), terminals
of it — for two villages of one name in different districts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from hub.core.clock import local_day, local_text
from hub.crud.call_rules import minutes, now_held
from hub.crud.reports import Period
from hub.crud.standards import district_of
from hub.models.tables import advisers, bookings, calls, terminals, work_log, work_log_photos

SOURCES = ("log", "kiosk")
KIOSK_BOOKED, KIOSK_NOW = "booked", "now"


@dataclass
class VillageFile:
    village: str
    district: str
    period: Period
    rows: list[dict] = field(default_factory=list)

    @property
    def totals(self) -> dict:
        logged = [r for r in self.rows if r["source"] == "log"]
        kiosk = [r for r in self.rows if r["source"] == "kiosk"]
        return {
            "entries": len(logged),
            "hours": round(sum(r["minutes"] for r in self.rows) / 60, 1),
            "people": sum(r["people"] for r in logged),
            "kiosk": len(kiosk),
            "advisers": len({r["adviser_id"] for r in self.rows}),
        }


def _entries(conn: Connection, village: str, period: Period, district: str) -> list[dict]:
    photos = (
        select(func.count())
        .where(work_log_photos.c.entry_id == work_log.c.id)
        .scalar_subquery()
        .label("photos")
    )
    query = (
        select(work_log, advisers.c.name.label("adviser_name"), advisers.c.institution_id, photos)
        .join(advisers, advisers.c.id == work_log.c.adviser_id)
        .where(
            work_log.c.village == village,
            work_log.c.day >= period.first,
            work_log.c.day <= period.last,
        )
    )
    found, districts = [], {}
    for row in conn.execute(query).mappings():
        if district:
            key = row["adviser_id"]
            if key not in districts:
                districts[key] = district_of(
                    conn, adviser_id=key, institution_id=row["institution_id"]
                )
            if not districts[key].startswith(district):
                continue
        found.append(
            {
                "source": "log",
                "day": row["day"],
                "adviser_id": row["adviser_id"],
                "adviser": row["adviser_name"],
                "service": row["service"],
                "start": row["start"] or "",
                "end": row["end"] or "",
                "minutes": row["minutes"],
                "people": row["people"],
                "outcome": row["outcome"],
                "note": row["note"],
                "photos": row["photos"],
                "id": row["id"],
            }
        )
    return found


def _terminal_ids(conn: Connection, village: str, district: str) -> list[str]:
    query = select(terminals.c.id).where(terminals.c.village == village)
    if district:
        query = query.where(terminals.c.district.startswith(district, autoescape=True))
    return list(conn.execute(query).scalars())


def _kiosk_row(kind: str, adviser_id: str, name: str, started, ended, zone, row_id) -> dict:
    length = minutes(started, ended) or 0.0
    return {
        "source": "kiosk",
        "day": local_day(started, zone),
        "adviser_id": adviser_id,
        "adviser": name,
        "service": kind,
        "start": local_text(started, zone, "%H:%M"),
        "end": local_text(ended, zone, "%H:%M") if ended else "",
        "minutes": round(length),
        "people": 1,
        "outcome": "",
        "note": "",
        "photos": 0,
        "id": row_id,
    }


def _kiosk(conn: Connection, terminal_ids: list[str], period: Period) -> list[dict]:
    if not terminal_ids:
        return []
    names = {r.id: r.name for r in conn.execute(select(advisers.c.id, advisers.c.name))}
    zone, found = period.zone, []
    held = select(bookings).where(
        bookings.c.terminal_id.in_(terminal_ids),
        bookings.c.status == "held",
        bookings.c.start >= period.start,
        bookings.c.start < period.end,
    )
    for b in conn.execute(held).mappings():
        started = b["call_started_at"] or b["start"]
        ended = b["call_ended_at"] if b["call_started_at"] else None
        found.append(
            _kiosk_row(
                KIOSK_BOOKED,
                b["adviser_id"],
                names.get(b["adviser_id"], ""),
                started,
                ended,
                zone,
                b["id"],
            )
        )
    now = select(calls).where(
        calls.c.kind == "now",
        calls.c.terminal_id.in_(terminal_ids),
        calls.c.created_at >= period.start,
        calls.c.created_at < period.end,
    )
    for c in conn.execute(now).mappings():
        if now_held(c):
            started = c["started_at"] or c["created_at"]
            ended = c["ended_at"] if c["started_at"] else None
            found.append(
                _kiosk_row(
                    KIOSK_NOW,
                    c["adviser_id"],
                    names.get(c["adviser_id"], ""),
                    started,
                    ended,
                    zone,
                    c["id"],
                )
            )
    return found


def village_file(
    conn: Connection, *, village: str, period: Period, district: str = ""
) -> VillageFile:
    """The village's file for ``period``: rows by date (then start time), log before kiosk."""
    rows = _entries(conn, village, period, district)
    rows += _kiosk(conn, _terminal_ids(conn, village, district), period)
    rows.sort(key=lambda r: (r["day"], r["start"], SOURCES.index(r["source"]), r["id"]))
    return VillageFile(village=village, district=district, period=period, rows=rows)


def known_villages(conn: Connection) -> list[str]:
    """Every village named in the work log, on a terminal or in an adviser's record."""
    found = set(conn.execute(select(work_log.c.village).distinct()).scalars())
    found |= set(
        conn.execute(select(terminals.c.village).where(terminals.c.village != "")).scalars()
    )
    for (serves,) in conn.execute(select(advisers.c.serves)):
        found |= {v for v in (serves or []) if isinstance(v, str) and v.strip()}
    return sorted(v for v in found if v)
