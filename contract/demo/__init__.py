"""Hand-written demo content for the five demo places, shared by the terminal and the hub.

``legal-kiosk demo-data`` and ``legal-hub demo`` both load it. The records live as JSON files in
``contract/demo/data/`` (content, not UI text) and are read only when asked for:

* :func:`load_demo_content` returns ``{collection: [record, ...]}`` with every record cleaned by
  :func:`contract.records.validate_record`;
* ``DEMO_TERMINALS`` is the list of demo terminals, one per place, each
  ``{"name", "place", "district", "address", "lat", "lng", "datum", "village", "adviser_id"}``;
  it is read from ``terminals.json`` on first access (module ``__getattr__``), never at import.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, time, timedelta, timezone
from functools import cache
from pathlib import Path

from contract.records import validate_record

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).with_name("data")
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

__all__ = ["DATA_DIR", "DEMO_TERMINALS", "demo_terminals", "load_demo_content"]


def _read_json(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        value = json.load(handle)
    if not isinstance(value, list):
        raise ValueError(f"{path}: expected a JSON list of records")
    return value


def _articles(now: datetime) -> list[dict]:
    """All guides: ``articles/*.json`` files (one list each), in file-name order.

    The files give ``review_in_days`` relative to today instead of a review-by date, so the
    demo always has guides due later and a few already overdue for the dashboard to show.
    """
    today = now.astimezone(CHINA_TZ).date()
    records: list[dict] = []
    for path in sorted((DATA_DIR / "articles").glob("*.json")):
        for raw in _read_json(path):
            record = dict(raw)
            days = record.pop("review_in_days", None)
            if days is not None:
                record["review_by"] = (today + timedelta(days=days)).isoformat()
            records.append(record)
    return records


def _announcements(now: datetime) -> list[dict]:
    """Announcements with dates made current around ``now`` (China time, whole days).

    The data files give ``starts_in_days``/``ends_in_days`` relative to today instead of dates,
    so the demo's attract screen always has something to show.
    """
    today = now.astimezone(CHINA_TZ).date()
    records = []
    for raw in _read_json(DATA_DIR / "announcements.json"):
        record = dict(raw)
        starts = datetime.combine(
            today + timedelta(days=record.pop("starts_in_days")), time(0, 0), CHINA_TZ
        )
        ends = datetime.combine(
            today + timedelta(days=record.pop("ends_in_days")), time(23, 59), CHINA_TZ
        )
        record.update(
            starts_at=starts.isoformat(), ends_at=ends.isoformat(), updated_at=starts.isoformat()
        )
        records.append(record)
    return records


def load_demo_content(now: datetime | None = None) -> dict[str, list[dict]]:
    """Read the demo content and return ``{collection: [cleaned record, ...]}``.

    :param now: the moment announcements are made current for (default: the current time);
        a naive datetime is taken as China time (UTC+8).
    :raises contract.records.RecordInvalid: a data file holds a record that does not validate.
    """
    if now is None:
        now = datetime.now(CHINA_TZ)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=CHINA_TZ)
    raw = {
        "categories": _read_json(DATA_DIR / "categories.json"),
        "institutions": _read_json(DATA_DIR / "institutions.json"),
        "advisers": _read_json(DATA_DIR / "advisers.json"),
        "articles": _articles(now),
        "announcements": _announcements(now),
        "media": [],
    }
    content = {
        name: [validate_record(name, record) for record in records] for name, records in raw.items()
    }
    logger.debug(
        "demo content loaded: %s", {name: len(records) for name, records in content.items()}
    )
    return content


@cache
def _terminals() -> tuple[dict, ...]:
    return tuple(_read_json(DATA_DIR / "terminals.json"))


def demo_terminals() -> list[dict]:
    """The demo terminals, one per demo place (fresh copies each call)."""
    return [dict(terminal) for terminal in _terminals()]


def __getattr__(name: str) -> list[dict]:
    # PEP 562: ``DEMO_TERMINALS`` is read from its data file on first access, not at import.
    if name == "DEMO_TERMINALS":
        return demo_terminals()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
