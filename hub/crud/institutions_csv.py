"""Institutions CSV: parse with a row-by-row error report, then import all rows in one transaction.

Columns (header row required): ``id, type, name, address, district, lat, lng, datum, phone,
hours, services`` — ``services`` separated by ``;``; ``datum`` defaults to ``gcj02``. Row numbers
in errors count the header as row 1, as spreadsheets show them.

Files are UTF-8 (with or without BOM) or, failing that, GB18030: what Excel on a Chinese Windows
saves as plain "CSV" (:func:`decode_csv`). The export puts a ``'`` before a cell a spreadsheet
would run as a formula (``=…``, ``+…``, ``-…``, ``@…``); the import takes it off again, so an
exported file imports back unchanged (:func:`formula_safe`, :func:`formula_unescaped`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from sqlalchemy import Connection

from contract.records import INSTITUTION_FIELDS, RecordInvalid, validate_record
from contract.resident_text import hidden_code_points
from hub.crud.publish import iso
from hub.crud.records import save_institution
from hub.models.types import utcnow

CSV_COLUMNS = INSTITUTION_FIELDS
REQUIRED_COLUMNS = ("id", "type", "name", "address", "lat", "lng")
SERVICE_SPLIT = re.compile(r"[;；、]")
MAX_ROWS = 100_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def decode_csv(data: bytes) -> str:
    """The file's text: UTF-8 (a BOM is dropped later), else GB18030 (Excel's "CSV" on Chinese
    Windows). :raises UnicodeDecodeError: when it is neither."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def formula_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading ``'`` (numbers are left alone)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def formula_unescaped(text: str) -> str:
    """The cell as it was before :func:`formula_safe` (only a ``'`` before a formula start goes)."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


@dataclass(frozen=True)
class CsvProblem:
    """What is wrong with the file's shape (not with one record's fields).

    Read like :class:`contract.records.RecordInvalid`: ``field``, ``reason``, ``values`` and
    ``message_key`` (``admin.reason.<reason>``); ``str()`` is the English text for scripts.
    """

    # missing_columns | unknown_columns | too_many_rows | extra_cells | twice | bad_csv
    # | hidden_characters (a name with zero-width or text-direction characters)
    reason: str
    values: dict = field(default_factory=dict)
    field: str = ""

    TEXT = {
        "missing_columns": "missing columns: {values}",
        "unknown_columns": "unknown columns: {values}",
        "too_many_rows": "more than {n} rows",
        "extra_cells": "more cells than columns",
        "twice": "{id} appears twice in the file",
        "bad_csv": "the file cannot be read as CSV from here on (a cell over {n} characters?)",
        "hidden_characters": "holds invisible or text-direction characters ({chars})",
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
    record: dict[str, object] = {
        k: formula_unescaped((row.get(k) or "").strip()) for k in CSV_COLUMNS
    }
    record["lat"], record["lng"] = _number(str(record["lat"])), _number(str(record["lng"]))
    record["datum"] = record["datum"] or "gcj02"
    services = SERVICE_SPLIT.split(str(record["services"]))
    record["services"] = [s.strip() for s in services if s.strip()]
    record["updated_at"] = stamp
    return record


def parse_institutions_csv(text: str) -> ParsedCsv:
    """Validate every row; ``records`` holds the good ones, ``errors`` one line per bad row.
    A file the csv module cannot read on (a cell over its field limit, a NUL) ends with a
    ``bad_csv`` error at the row where reading stopped."""
    parsed = ParsedCsv()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error:
        parsed.errors.append((1, CsvProblem("bad_csv", {"n": csv.field_size_limit()})))
        return parsed
    try:
        _parse_rows(parsed, reader, fieldnames)
    except csv.Error:
        parsed.errors.append(
            (reader.line_num, CsvProblem("bad_csv", {"n": csv.field_size_limit()}))
        )
    return parsed


def _parse_rows(parsed: ParsedCsv, reader: csv.DictReader, fieldnames) -> None:
    header = [h.strip() for h in fieldnames]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if missing or unknown:
        if missing:
            parsed.errors.append((1, CsvProblem("missing_columns", {"values": ", ".join(missing)})))
        if unknown:
            parsed.errors.append((1, CsvProblem("unknown_columns", {"values": ", ".join(unknown)})))
        return
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
        hidden = hidden_code_points(record["name"])
        if hidden:
            parsed.errors.append(
                (number, CsvProblem("hidden_characters", {"chars": hidden}, "name"))
            )
            continue
        if record["id"] in seen:
            parsed.errors.append((number, CsvProblem("twice", {"id": record["id"]}, "id")))
            continue
        seen.add(record["id"])
        parsed.records.append(record)


def import_institutions(conn: Connection, records: list[dict]) -> int:
    """Upsert the records by id (call inside one ``writing`` transaction)."""
    for record in records:
        save_institution(conn, record)
    return len(records)
