"""``legal-kiosk nearby``: the legal-service places nearest to the terminal (or to --lat/--lng)."""

import sys

from contract.geo import DATUMS
from contract.i18n import Translator
from contract.records import INSTITUTION_TYPES
from kiosk.commands._output import open_existing_store, print_json, print_table
from kiosk.places import DEFAULT_RADIUS_M, nearby

NAME = "nearby"
HELP = "list legal-service institutions near the terminal's location, nearest first"


def add_arguments(parser) -> None:
    parser.add_argument("--type", choices=INSTITUTION_TYPES, help="only this kind of institution")
    parser.add_argument(
        "--radius-m",
        type=float,
        default=DEFAULT_RADIUS_M,
        help="search radius in metres (default 5000)",
    )
    parser.add_argument("--limit", type=int, default=50, help="most results (default 50)")
    parser.add_argument(
        "--lat", type=float, help="origin latitude (default: the terminal's location)"
    )
    parser.add_argument(
        "--lng", type=float, help="origin longitude (default: the terminal's location)"
    )
    parser.add_argument(
        "--datum", choices=DATUMS, help="datum of the origin (default: the terminal's)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


def _usage_error(message: str) -> int:
    print(f"legal-kiosk {NAME}: {message}", file=sys.stderr)
    return 2


def run(args, config) -> int:
    if (args.lat is None) != (args.lng is None):
        return _usage_error("--lat and --lng go together")
    lat = config.terminal.lat if args.lat is None else args.lat
    lng = config.terminal.lng if args.lng is None else args.lng
    datum = args.datum or config.terminal.datum
    try:
        with open_existing_store(config) as store:
            results = nearby(
                store,
                lat,
                lng,
                type=args.type,
                radius_m=args.radius_m,
                limit=max(1, min(args.limit, 500)),
                datum=datum,
            )
    except ValueError as exc:
        return _usage_error(str(exc))
    if args.json:
        print_json({"origin": {"lat": lat, "lng": lng}, "results": results})
        return 0
    t = Translator(config.ui.language)
    print_table(
        [
            t("core.table.distance_m"),
            t("core.table.type"),
            t("core.table.name"),
            t("core.table.phone"),
            t("core.table.address"),
        ],
        [
            [
                r["distance_m"],
                t(f"core.institution_type.{r['type']}"),
                r["name"],
                r["phone"],
                r["address"],
            ]
            for r in results
        ],
    )
    return 0
