"""Institutions CSV: parse with a row-by-row error report, then import all rows in one transaction.

Columns (header row required, UTF-8, with or without BOM): ``id, type, name, address, district,
lat, lng, datum, phone, hours, services`` — ``services`` separated by ``;``; ``datum`` defaults
to ``gcj02``. Row numbers in errors count the header as row 1, as spreadsheets show them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection

from hub.crud.publish import iso
from hub.crud.records import save_institution
from hub.models.types import utcnow
from kiosk.content_model import INSTITUTION_FIELDS, RecordInvalid, validate_record

CSV_COLUMNS = INSTITUTION_FIELDS
REQUIRED_COLUMNS = ("id", "type", "name", "address", "lat", "lng")
SERVICE_SPLIT = re.compile(r"[;；、]")
MAX_ROWS = 100_000


@dataclass
class ParsedCsv:
    records: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, reason)


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value  # validate_record then says "must be a number"


def _record(row: dict[str, str], stamp: str) -> dict:
    record = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
    record["lat"], record["lng"] = _number(record["lat"]), _number(record["lng"])
    record["datum"] = record["datum"] or "gcj02"
    record["services"] = [s.strip() for s in SERVICE_SPLIT.split(record["services"]) if s.strip()]
    record["updated_at"] = stamp
    return record


def parse_institutions_csv(text: str) -> ParsedCsv:
    """Validate every row; ``records`` holds the good ones, ``errors`` one line per bad row."""
    parsed = ParsedCsv()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if missing or unknown:
        problems = ([f"missing columns: {', '.join(missing)}"] if missing else []) + (
            [f"unknown columns: {', '.join(unknown)}"] if unknown else []
        )
        parsed.errors.append((1, "; ".join(problems)))
        return parsed
    reader.fieldnames = header
    stamp, seen = iso(utcnow()), set()
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            parsed.errors.append((number, f"more than {MAX_ROWS} rows"))
            break
        if None in row:
            parsed.errors.append((number, "more cells than columns"))
            continue
        try:
            record = validate_record("institutions", _record(row, stamp))
        except RecordInvalid as exc:
            parsed.errors.append((number, str(exc)))
            continue
        if record["id"] in seen:
            parsed.errors.append(
                (number, f"institutions.id: {record['id']} appears twice in the file")
            )
            continue
        seen.add(record["id"])
        parsed.records.append(record)
    return parsed


def import_institutions(conn: Connection, records: list[dict]) -> int:
    """Upsert the records by id (call inside one ``writing`` transaction)."""
    for record in records:
        save_institution(conn, record)
    return len(records)
