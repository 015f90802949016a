"""``legal-hub holidays add|remove|list|import``: staff's public holidays and make-up working days.

- ``add DATE [--to DATE] [--name N] [--workday]``: a holiday (or with ``--workday`` a make-up
  working day, 调休上班) on DATE or on every day DATE..--to;
- ``remove DATE``: drop the staff entry of that day (chinese-calendar's rule applies again);
- ``list [--year Y] --json``: the staff entries; with ``--year`` the whole year as the hub applies
  it (staff entries and chinese-calendar's), and whether the year has any calendar at all;
- ``import FILE.csv``: replace one year's entries from a CSV ``date,kind,name``.

Slots follow at once: the hub reads the entries on every slot request.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hub.cli import CommandError
from hub.commands._common import open_database
from hub.core.db import writing
from hub.crud import holidays as crud
from hub.crud.calendar import package_has_year, package_holidays

NAME = "holidays"
HELP = "public holidays and make-up working days kept by staff (add, remove, list, import)"


def add_arguments(parser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser("add", help="enter a holiday (or --workday: a make-up working day)")
    add.add_argument("day", metavar="DATE", help="YYYY-MM-DD")
    add.add_argument("--to", metavar="DATE", help="last day of a run of days (inclusive)")
    add.add_argument("--name", default="", help="e.g. 春节")
    add.add_argument("--workday", action="store_true", help="a make-up working day (调休上班)")
    remove = actions.add_parser("remove", help="drop the staff entry of a day")
    remove.add_argument("day", metavar="DATE", help="YYYY-MM-DD")
    listing = actions.add_parser("list", help="the entries (with --year: the whole year)")
    listing.add_argument("--year", type=int, help="one year, merged with chinese-calendar")
    listing.add_argument("--json", action="store_true", help="print JSON")
    importing = actions.add_parser("import", help="replace one year's entries from a CSV file")
    importing.add_argument("file", metavar="FILE.csv", help="columns date,kind,name")


def _day(text: str) -> date:
    try:
        return crud.parse_day(text)
    except ValueError as exc:
        raise CommandError(str(exc)) from None


def run(args, settings) -> int:
    engine = open_database(settings)
    with writing(engine) as conn:
        if args.action == "add":
            try:
                days = crud.add_days(
                    conn,
                    first=_day(args.day),
                    last=_day(args.to) if args.to else None,
                    name=args.name,
                    workday=args.workday,
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            kind = "workday" if args.workday else "holiday"
            print(json.dumps({"added": [d.isoformat() for d in days], "kind": kind}))
        elif args.action == "remove":
            if not crud.remove_day(conn, _day(args.day)):
                raise CommandError(f"{args.day}: no staff entry on that day")
            print(json.dumps({"removed": args.day}))
        elif args.action == "import":
            _import(conn, Path(args.file))
        else:
            _list(conn, args.year, as_json=args.json)
    return 0


def _import(conn, path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"{path}: cannot be read ({exc})") from None
    year, count, errors = crud.import_csv(conn, text)
    if errors:
        lines = "; ".join(f"line {e.line} {e.field}: {e.reason}" for e in errors)
        raise CommandError(f"{path}: nothing imported: {lines}")
    print(json.dumps({"year": year, "imported": count}))


def year_entries(conn, year: int) -> list[dict]:
    """Every special day of ``year`` as the hub applies it: staff entries over the package's."""
    staff = crud.staff_days(conn, date(year, 1, 1), date(year, 12, 31))
    merged = {
        day: {"date": day.isoformat(), "kind": kind, "name": name, "source": "chinese-calendar"}
        for day, kind, name in package_holidays(year)
    }
    for day, (kind, name) in staff.items():
        merged[day] = {"date": day.isoformat(), "kind": kind, "name": name, "source": "staff"}
    return [merged[day] for day in sorted(merged)]


def _list(conn, year: int | None, *, as_json: bool) -> None:
    if year is None:
        rows = [
            {"date": d.isoformat(), "kind": k, "name": n, "source": "staff"}
            for d, (k, n) in crud.staff_days(conn).items()
        ]
        shown: dict = {"year": None, "holidays": rows}
    else:
        rows = year_entries(conn, year)
        covered = package_has_year(year) or year in crud.years_with_entries(conn)
        shown = {"year": year, "holidays": rows, "calendar_known": covered}
    if as_json:
        print(json.dumps(shown, ensure_ascii=False))
        return
    for row in rows:
        print(f"{row['date']}  {row['kind']:<8} {row['source']:<16} {row['name']}")
    if year is not None and not shown["calendar_known"]:
        print(f"{year}: no holiday calendar (neither chinese-calendar nor staff entries)")
