"""Form fields for the edit pages and readable reasons for what the content model refuses.

:class:`Field` describes one input (the label is the catalog key ``admin.field.<name>``).
:func:`record_errors` turns a :class:`contract.records.RecordInvalid` (its ``field``, ``reason``
and ``values``, never its English text) into ``{"title": "必填"}`` for the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Protocol

from contract.i18n import Translator
from contract.resident_text import hidden_code_points
from hub.core.clock import local_text

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


class Problem(Protocol):
    """What :class:`contract.records.RecordInvalid` and the CSV import's problems share."""

    field: str
    values: dict

    @property
    def message_key(self) -> str: ...


def reason_text(t: Translator, problem: Problem) -> str:
    """The reason in the staff member's language, e.g. ``必填``."""
    return t(problem.message_key, **problem.values)


def record_errors(t: Translator, problem: Problem) -> dict[str, str]:
    """``{field: readable reason}`` for the form (``_`` when no single field is at fault)."""
    return {problem.field or "_": reason_text(t, problem)}


def readable(t: Translator, problem: Problem) -> str:
    """``类型: 必须是以下之一：…`` — the field's label, then the reason."""
    if not problem.field:
        return reason_text(t, problem)
    label_key = f"admin.field.{problem.field}"
    label = t(label_key) if t.has(label_key) else problem.field
    return f"{label}: {reason_text(t, problem)}"


def hidden_errors(t: Translator, values: Mapping, fields: Iterable[str]) -> dict[str, str]:
    """``{field: reason}`` for each of ``fields`` (names staff type) whose text holds zero-width,
    bidi-control or other hidden characters: two names that look alike, or a name whose letters
    show in another order than they are stored, must not get into the directory."""
    errors = {}
    for name in fields:
        chars = hidden_code_points(str(values.get(name) or ""))
        if chars:
            errors[name] = t("admin.reason.hidden_characters", chars=chars)
    return errors


def split_list(text: str) -> list[str]:
    """Tags, services, villages: split on commas (ASCII or Chinese), 、, ; or new lines."""
    return [part.strip() for part in LIST_SPLIT.split(text or "") if part.strip()]


def text_of(form, name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def local_input(value: datetime | None, zone: tzinfo) -> str:
    """A stored datetime as the value of an ``<input type=datetime-local>`` in ``zone``."""
    return local_text(value, zone, "%Y-%m-%dT%H:%M")


def parse_local_input(text: str, zone: tzinfo) -> datetime | None:
    """``2026-11-22T09:30`` (wall clock in ``zone``) → aware datetime; None for empty;
    ValueError if bad."""
    if not text:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def parse_float(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text  # the content model then answers "must be a number"
