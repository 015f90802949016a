"""The ledger against the standard for a quarter or a year: the months' ledgers added up.

For each item, the view is cut into the item's own periods (a month item: each month; a quarter
item in a year view: each quarter; a week item: each month, whose figure already counts its
weeks). Each piece takes the figure of its last month in the view — the month that closes it,
or the view's last month when the period runs on past it (a year item in a quarter view: from
January to the quarter's end, "not due" while short). ``required`` and ``done`` are the sums of
those figures as the monthly ledger shows them; ``met`` is false when any piece is short and due,
``null`` when one is short but not due yet, true when all are met. Hours and people served are
the sums of the months' figures; consultations and ratings are counted over the whole view
(:func:`hub.crud.ledger.ledger`), a rating average over all of them, not an average of averages.
"""

from __future__ import annotations

from sqlalchemy import Connection

from hub.crud import ledger as work_record
from hub.crud.ledger_periods import View
from hub.crud.service_ledger import PERIOD_MONTHS, _figure, service_ledger


def _piece_size(item_key: str) -> int:
    per = item_key.rsplit(".", 1)[1]
    return PERIOD_MONTHS.get(per, 1)  # week items: each month's figure counts its weeks


def _met(values: list[bool | None]) -> bool | None:
    if False in values:
        return False
    return None if None in values else True


def combine_items(monthly: list[tuple[int, list[dict]]]) -> list[dict]:
    """One adviser's items of the view from ``[(month number, items of that month)]``."""
    keys: list[str] = []
    by_month: list[tuple[int, dict[str, dict]]] = []
    for month, items in monthly:
        by_month.append((month, {i["item"]: i for i in items}))
        keys += [i["item"] for i in items if i["item"] not in keys]
    combined = []
    for key in keys:
        size = _piece_size(key)
        closing: dict[int, dict] = {}
        for month, found in by_month:
            if key in found:
                closing[(month - 1) // size] = found[key]  # the last month of each piece wins
        pieces = list(closing.values())
        combined.append(
            {
                "item": key,
                "required": sum(p["required"] for p in pieces),
                "done": _figure(sum(p["done"] for p in pieces)),
                "met": _met([p["met"] for p in pieces]),
            }
        )
    return combined


def period_ledger(conn: Connection, *, view: View, district: str = "") -> list[dict]:
    """Every active adviser's row for the view (the keys of :func:`service_ledger`'s rows, plus
    ``consultations``, ``ratings`` and ``avg_rating``)."""
    months = [
        (m.first.month, service_ledger(conn, month=m, district=district)) for m in view.months
    ]
    kiosk = {r["adviser_id"]: r for r in work_record.ledger(conn, period=view.period)}
    order: list[str] = []
    rows: dict[str, list[tuple[int, dict]]] = {}
    for month, found in months:
        for row in found:
            if row["adviser_id"] not in rows:
                order.append(row["adviser_id"])
                rows[row["adviser_id"]] = []
            rows[row["adviser_id"]].append((month, row))
    result = []
    for adviser_id in order:
        parts = rows[adviser_id]
        last = parts[-1][1]
        items = combine_items([(month, row["items"]) for month, row in parts])
        record = kiosk.get(adviser_id)
        result.append(
            {
                "adviser_id": adviser_id,
                "name": last["name"],
                "items": items,
                "hours": _figure(sum(row["hours"] for _m, row in parts)),
                "met": None if last["met"] is None else all(i["met"] is not False for i in items),
                "district": last["district"],
                "standard": last["standard"],
                "people": sum(row["people"] for _m, row in parts),
                **kiosk_figures(record),
            }
        )
    return result


def kiosk_figures(record: dict | None) -> dict:
    """Consultations held on the kiosk (booked and "call now"), ratings and their average."""
    if record is None:
        return {"consultations": 0, "ratings": 0, "avg_rating": None}
    return {
        "consultations": record["held"] + record["now_held"],
        "ratings": record["ratings"],
        "avg_rating": record["avg_rating"],
    }
