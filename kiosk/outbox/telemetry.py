"""Usage events the screens record: ``Telemetry(sink).record(event_type, **props)``.

An event is ``{"id": uuid4 hex, "type": str, "at": ISO 8601 UTC, "props": dict}``. The sink is
anything with ``append(event)``: a plain ``list`` (the in-memory sink used until the outbox is
plugged in, and in tests) or the durable outbox. Events never carry personal data: a prop whose
name looks like a name, phone or ID number is refused (a programming error), and text values
that look like a phone number are masked, because a resident may type one anywhere.
"""

from __future__ import annotations

import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Protocol

from contract.events import EVENT_TYPE_RE, PersonalDataRefused, refuse_personal_props

__all__ = ["EventSink", "PersonalDataRefused", "Telemetry"]

logger = logging.getLogger(__name__)

PHONE_LIKE_RE = re.compile(r"\d[\d\s-]{6,}\d")
MAX_TEXT_PROP = 200


class EventSink(Protocol):
    def append(self, event: dict) -> None: ...


def _clean_value(value: object) -> object:
    if isinstance(value, bool | int | float) or value is None:
        return value
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
        refuse_personal_props(event_type, props)
        event = {
            "id": uuid.uuid4().hex,
            "type": event_type,
            "at": self._clock().isoformat(timespec="seconds"),
            "props": {k: _clean_value(v) for k, v in props.items()},
        }
        try:
            self.sink.append(event)
        except Exception:  # boundary: telemetry must never break a resident's screen
            logger.exception("telemetry sink failed for %s", event_type)
        return event
