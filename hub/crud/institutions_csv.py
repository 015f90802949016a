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

from contract.records import INSTITUTION_FIELDS, RecordInvalid, validate_record
from hub.crud.publish import iso
from hub.crud.records import save_institution
from hub.models.types import utcnow

CSV_COLUMNS = INSTITUTION_FIELDS
REQUIRED_COLUMNS = ("id", "type", "name", "address", "lat", "lng")
SERVICE_SPLIT = re.compile(r"[;；、]")
MAX_ROWS = 100_000


@dataclass(frozen=True)
class CsvProblem:
    """What is wrong with the file's shape (not with one record's fields).

    Read like :class:`contract.records.RecordInvalid`: ``field``, ``reason``, ``values`` and
    ``message_key`` (``admin.reason.<reason>``); ``str()`` is the English text for scripts.
    """

    reason: str  # missing_columns | unknown_columns | too_many_rows | extra_cells | twice
    values: dict = field(default_factory=dict)
    field: str = ""

    TEXT = {
        "missing_columns": "missing columns: {values}",
        "unknown_columns": "unknown columns: {values}",
        "too_many_rows": "more than {n} rows",
        "extra_cells": "more cells than columns",
        "twice": "{id} appears twice in the file",
    }

    @property
    def message_key(self) -> str:
        return f"admin.reason.{self.reason}"

    def __str__(self) -> str:
        text = self.TEXT[self.reason].format(**self.values)
        return f"institutions.{self.field}: {text}" if self.field else text


Problem = RecordInvalid | CsvProblem


@dataclass
class ParsedCsv:
    records: list[dict] = field(default_factory=list)
    errors: list[tuple[int, Problem]] = field(default_factory=list)  # (row number, problem)


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value  # validate_record then says "must be a number"


def _record(row: dict[str, str], stamp: str | None) -> dict:
    record: dict[str, object] = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
    record["lat"], record["lng"] = _number(str(record["lat"])), _number(str(record["lng"]))
    record["datum"] = record["datum"] or "gcj02"
    services = SERVICE_SPLIT.split(str(record["services"]))
    record["services"] = [s.strip() for s in services if s.strip()]
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
        if missing:
            parsed.errors.append((1, CsvProblem("missing_columns", {"values": ", ".join(missing)})))
        if unknown:
            parsed.errors.append((1, CsvProblem("unknown_columns", {"values": ", ".join(unknown)})))
        return parsed
    reader.fieldnames = header
    stamp, seen = iso(utcnow()), set()
    for number, row in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            parsed.errors.append((number, CsvProblem("too_many_rows", {"n": MAX_ROWS})))
            break
        if None in row:
            parsed.errors.append((number, CsvProblem("extra_cells")))
            continue
        try:
            record = validate_record("institutions", _record(row, stamp))
        except RecordInvalid as exc:
            parsed.errors.append((number, exc))
            continue
        if record["id"] in seen:
            parsed.errors.append((number, CsvProblem("twice", {"id": record["id"]}, "id")))
            continue
        seen.add(record["id"])
        parsed.records.append(record)
    return parsed


def import_institutions(conn: Connection, records: list[dict]) -> int:
    """Upsert the records by id (call inside one ``writing`` transaction)."""
    for record in records:
        save_institution(conn, record)
    return len(records)
