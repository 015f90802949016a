"""Usage events the screens record: ``Telemetry(sink).record(event_type, **props)``.

An event is ``{"id": uuid4 hex, "type": str, "at": ISO 8601 UTC, "props": dict}``. The sink is
anything with ``append(event)``: a plain ``list`` (the in-memory sink used until the outbox is
plugged in, and in tests) or the durable outbox. Events never carry personal data: text values
that look like a phone or ID-card number are masked, because a resident may type one anywhere;
then a prop whose name (at any depth, English or Chinese) or value still looks like personal data
is refused (a programming error) by the rule the hub applies at ingest
(:func:`contract.events.personal_props`).
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Protocol

from contract.events import (
    EVENT_TYPE_RE,
    MAX_TEXT_PROP,
    PersonalDataRefused,
    refuse_personal_props,
)

__all__ = ["EventSink", "PersonalDataRefused", "Telemetry"]

logger = logging.getLogger(__name__)

# A phone number (or an ID-card number with its check letter) a resident typed anywhere.
PHONE_LIKE_RE = re.compile(r"\d[\d\s-]{6,}\d[Xx]?")


class EventSink(Protocol):
    def append(self, event: dict) -> None: ...


def _clean_value(value: object) -> object:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):  # nested props keep their keys, so the personal-data rule sees them
        return {str(k): _clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_value(v) for v in value]
    text = str(value)[:MAX_TEXT_PROP]
    return PHONE_LIKE_RE.sub("***", text)


class Telemetry:
    """Records usage events into ``sink``; a failing sink is logged, never raised to the UI."""

    def __init__(self, sink: EventSink, *, clock=None) -> None:
        self.sink = sink
        self._clock = clock or (lambda: datetime.now(UTC))

    def record(self, event_type: str, **props: object) -> dict:
        """Build one event and hand it to the sink; returns the event.

        :raises PersonalDataRefused: when a prop is named like personal data.
        :raises ValueError: when ``event_type`` is not a lower-case dotted name.
        """
        if not EVENT_TYPE_RE.match(event_type):
            raise ValueError(f"bad event type {event_type!r}")
        cleaned = {k: _clean_value(v) for k, v in props.items()}
        refuse_personal_props(event_type, cleaned)  # the same rule as the hub's, keys at any depth
        event = {
            "id": uuid.uuid4().hex,
            "type": event_type,
            "at": self._clock().isoformat(timespec="seconds"),
            "props": cleaned,
        }
        try:
            self.sink.append(event)
        except Exception:  # boundary: telemetry must never break a resident's screen
            logger.exception("telemetry sink failed for %s", event_type)
        return event
