"""``legal-hub ledger (--month YYYY-MM | --quarter YYYY-Qn | --year YYYY) [--district D] [--json]``:
each adviser against their district's service standard (:mod:`hub.crud.service_ledger`; a
quarter or a year adds up its months, :mod:`hub.crud.period_ledger`).

``--json`` prints ``{"month", "advisers": [{"adviser_id", "name", "items": [{"item",
"required", "done", "met"}], "hours", "met"}]}`` — with ``"quarter"`` or ``"year"`` in place of
``"month"`` for those views, the rest alike; without it, one line per adviser and item.
"""

from __future__ import annotations

import json
import sys

from hub.cli import CommandError
from hub.commands._common import open_database
from hub.core.db import reading
from hub.crud.ledger_periods import EXAMPLES, parse_view
from hub.crud.period_ledger import period_ledger
from hub.crud.service_ledger import PUBLIC_KEYS, ledger_json, parse_month, service_ledger

NAME = "ledger"
HELP = "advisers' ledger (month, quarter or year) against the district's service standard"


def add_arguments(parser) -> None:
    view = parser.add_mutually_exclusive_group(required=True)
    view.add_argument("--month", metavar="YYYY-MM", help="e.g. 2026-11")
    view.add_argument("--quarter", metavar="YYYY-Qn", help="e.g. 2026-Q4 (its months added up)")
    view.add_argument("--year", metavar="YYYY", help="e.g. 2026 (its months added up)")
    parser.add_argument("--district", default="", help="only this district (and those within it)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _mark(met: bool | None) -> str:
    return {True: "met", False: "SHORT", None: "not due"}[met]


def _report(args, settings, engine) -> dict:
    district = args.district.strip()
    if args.month is not None:
        try:
            month = parse_month(args.month.strip(), zone=settings.zone)
        except ValueError as exc:
            raise CommandError(f"{exc}, e.g. 2026-11") from None
        with reading(engine) as conn:
            return ledger_json(service_ledger(conn, month=month, district=district), month)
    kind = "quarter" if args.quarter is not None else "year"
    try:
        view = parse_view(kind, (args.quarter or args.year).strip(), zone=settings.zone)
    except ValueError as exc:
        raise CommandError(f"{exc}, e.g. {EXAMPLES[kind]}") from None
    with reading(engine) as conn:
        rows = period_ledger(conn, view=view, district=district)
    return {kind: view.label, "advisers": [{k: r[k] for k in PUBLIC_KEYS} for r in rows]}


def run(args, settings) -> int:
    report = _report(args, settings, open_database(settings))
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
        return 0
    for adviser in report["advisers"]:
        sys.stdout.write(f"{adviser['name']} ({adviser['adviser_id']}): {adviser['hours']} h\n")
        for item in adviser["items"]:
            sys.stdout.write(
                f"  {item['item']}: {item['done']} / {item['required']} {_mark(item['met'])}\n"
            )
    return 0
