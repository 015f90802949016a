"""``legal-hub import institutions FILE.csv [--skip-bad-rows]``: import the institution directory.

Every row is checked first; any bad row is reported (row number and reason, as JSON lines on
stdout) and nothing is imported unless ``--skip-bad-rows`` is given.
"""

from __future__ import annotations

from pathlib import Path

from hub.cli import CommandError
from hub.commands._common import open_database, print_json_line
from hub.core.db import writing
from hub.crud.institutions_csv import decode_csv, import_institutions, parse_institutions_csv

NAME = "import"
HELP = "import data from a file: `import institutions FILE.csv` (row-by-row error report)"
KINDS = ("institutions",)


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=KINDS, help="what the file holds")
    parser.add_argument(
        "file", metavar="FILE.csv", type=Path, help="UTF-8 (or GB18030) CSV with a header row"
    )
    parser.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows even if some are bad"
    )


def run(args, settings) -> int:
    try:
        text = decode_csv(args.file.read_bytes())
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.file}: {exc}") from None
    parsed = parse_institutions_csv(text)
    for row, problem in parsed.errors:
        print_json_line(
            {"row": row, "field": problem.field, "reason": problem.reason, "error": str(problem)}
        )
    bad_rows = len({row for row, _ in parsed.errors})
    if parsed.errors and not args.skip_bad_rows:
        raise CommandError(
            f"{bad_rows} bad rows: nothing imported (fix them or use --skip-bad-rows)"
        )
    engine = open_database(settings)
    with writing(engine) as conn:
        count = import_institutions(conn, parsed.records)
    print_json_line({"imported": count, "skipped": bad_rows})
    return 0
