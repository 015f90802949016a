"""Shared helpers of the content commands: opening the store and printing tables or JSON."""

from __future__ import annotations

import json
import unicodedata

from kiosk.errors import StoreError
from kiosk.store import DB_NAME, ContentStore


def open_existing_store(config) -> ContentStore:
    """The store in the configured data folder; a folder without content is an error, not a new store."""
    if not (config.data_dir / DB_NAME).is_file():
        raise StoreError(
            f"{config.data_dir}: no {DB_NAME} here; run legal-kiosk demo-data or legal-kiosk sync first"
        )
    return ContentStore.open(config.data_dir)


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    """A plain aligned table; wide (Chinese) characters count as two columns."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
