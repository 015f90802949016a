"""Form fields for the edit pages and readable reasons for what the content model refuses.

:class:`Field` describes one input (the label is the catalog key ``admin.field.<name>``).
:func:`record_errors` turns a :class:`kiosk.content_model.RecordInvalid` message such as
``articles.title: is required`` into ``{"title": "必填"}`` for the form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from hub.core.clock import CHINA_TZ
from kiosk.i18n import Translator

MESSAGE_RE = re.compile(r"^(\w+)\.(\w+): (.*)$")
REASONS = (
    (re.compile(r"^is required$"), "admin.reason.required"),
    (re.compile(r"^is longer than (?P<n>\d+) characters$"), "admin.reason.too_long"),
    (re.compile(r"^must be a number$"), "admin.reason.number"),
    (re.compile(r"^must be a whole number$"), "admin.reason.whole_number"),
    (re.compile(r"^must be between (?P<low>\S+) and (?P<high>\S+)$"), "admin.reason.between"),
    (re.compile(r"^must be 1-64 letters"), "admin.reason.ident"),
    (re.compile(r"^contains control characters$"), "admin.reason.control"),
    (re.compile(r"^must be one of (?P<values>.+)$"), "admin.reason.one_of"),
    (re.compile(r"^holds an empty, too long or non-text item$"), "admin.reason.list_item"),
    (re.compile(r"^start and end must be HH:MM$"), "admin.reason.time"),
    (re.compile(r"^start must be before end$"), "admin.reason.start_before_end"),
    (re.compile(r"^law must be a non-empty name$"), "admin.reason.law"),
    (re.compile(r"^missing columns: (?P<values>.+)$"), "admin.reason.missing_columns"),
    (re.compile(r"^unknown columns: (?P<values>.+)$"), "admin.reason.unknown_columns"),
    (re.compile(r"^more cells than columns$"), "admin.reason.extra_cells"),
    (re.compile(r"^(?P<id>\S+) appears twice in the file$"), "admin.reason.twice"),
)
LIST_SPLIT = re.compile(r"[,，、;；\n]")


@dataclass
class Field:
    """One form input; ``options`` are (value, shown label) pairs for selects."""

    name: str
    kind: str = "text"
    value: object = ""
    options: list[tuple[str, str]] = field(default_factory=list)
    required: bool = False
    rows: int = 4
    help: str = ""
    readonly: bool = False
    step: str = ""
    accept: str = ""
    label: str = ""  # catalog key of the label when not admin.field.<name>


def reason_text(t: Translator, reason: str) -> str:
    for pattern, key in REASONS:
        match = pattern.match(reason)
        if match:
            return t(key, **match.groupdict())
    return reason


def record_errors(t: Translator, message: str) -> dict[str, str]:
    """``{field: readable reason}`` from a content-model message (``_`` when no field is named)."""
    match = MESSAGE_RE.match(message)
    if not match:
        return {"_": message}
    return {match.group(2): reason_text(t, match.group(3))}


def readable(t: Translator, message: str) -> str:
    """``institutions.type: must be one of …`` → ``类型：必须是以下之一：…`` (unknown text unchanged)."""
    match = MESSAGE_RE.match(message)
    if not match:
        return "; ".join(reason_text(t, part) for part in message.split("; "))
    label_key = f"admin.field.{match.group(2)}"
    label = t(label_key) if t.has(label_key) else match.group(2)
    return f"{label}: {reason_text(t, match.group(3))}"


def split_list(text: str) -> list[str]:
    """Tags, services, villages: split on commas (ASCII or Chinese), 、, ; or new lines."""
    return [part.strip() for part in LIST_SPLIT.split(text or "") if part.strip()]


def text_of(form, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def china_input(value: datetime | None) -> str:
    """A UTC datetime as the value of an ``<input type=datetime-local>`` in China time."""
    return "" if value is None else value.astimezone(CHINA_TZ).strftime("%Y-%m-%dT%H:%M")


def parse_china_input(text: str) -> datetime | None:
    """``2026-11-22T09:30`` (China time) → aware datetime; None for empty; ValueError if bad."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


def parse_float(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text  # the content model then answers "must be a number"
