"""``legal-hub ledger --month YYYY-MM [--district D] [--json]``: each adviser's month against
their district's service standard (:mod:`hub.crud.service_ledger`).

``--json`` prints ``{"month", "advisers": [{"adviser_id", "name", "items": [{"item",
"required", "done", "met"}], "hours", "met"}]}``; without it, one line per adviser and item.
"""

from __future__ import annotations

import json
import sys

from hub.cli import CommandError
from hub.commands._common import open_database
from hub.core.db import reading
from hub.crud.service_ledger import ledger_json, parse_month, service_ledger

NAME = "ledger"
HELP = "advisers' monthly ledger against the district's service standard"


def add_arguments(parser) -> None:
    parser.add_argument("--month", required=True, metavar="YYYY-MM", help="e.g. 2026-11")
    parser.add_argument("--district", default="", help="only this district (and those within it)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _mark(met: bool | None) -> str:
    return {True: "met", False: "SHORT", None: "not due"}[met]


def run(args, settings) -> int:
    try:
        month = parse_month(args.month.strip(), zone=settings.zone)
    except ValueError as exc:
        raise CommandError(f"{exc}, e.g. 2026-11") from None
    engine = open_database(settings)
    with reading(engine) as conn:
        rows = service_ledger(conn, month=month, district=args.district.strip())
    report = ledger_json(rows, month)
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
