"""Usage events: their names and the one rule that keeps personal data out of them.

The terminal records events (``{"id", "type", "at", "props"}``) and the hub counts them. Both sides
use this module: :data:`EVENT_TYPE_RE` is the shape of a type name, :data:`EVENT_TYPES` the names
the terminal records today, and :func:`personal_props` names the props that could carry a
resident's name, phone, ID number, address or e-mail — such props are refused wherever an event is
made or queued.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

EVENT_TYPE_RE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
PERSONAL_PROP_RE = re.compile(
    r"(^|_)(name|names|phone|mobile|tel|telephone|id_?card|id_?number|address|email)($|_)", re.I
)

EVENT_TYPES = frozenset(
    {
        "article.view",
        "booking.callback",
        "booking.failed",
        "booking.made",
        "booking.offline",
        "call.rating_skipped",
        "call.start",
        "call_closed",
        "call_opened",
        "call_rated",
        "error.shown",
        "error.unexpected",
        "home.tile",
        "hotline.view",
        "institution.view",
        "maintenance.pin",
        "nearby.list",
        "outbox_dropped",
        "qr.show",
        "rating",
        "screen.view",
        "search",
        "session.end",
        "session.start",
        "sync_rejected",
        "ticket.preview",
        "ticket.print",
        "tts.failed",
        "tts.speak",
    }
)


class PersonalDataRefused(ValueError):
    """An event was given a prop whose name could carry personal data (a programming error)."""


def personal_props(props: Iterable[str]) -> list[str]:
    """The prop names among ``props`` that look like personal data, sorted."""
    return sorted(name for name in props if PERSONAL_PROP_RE.search(name))


def refuse_personal_props(event_type: object, props: Iterable[str]) -> None:
    """Raise :class:`PersonalDataRefused` when any of ``props`` looks like personal data."""
    refused = personal_props(props)
    if refused:
        raise PersonalDataRefused(f"event {event_type}: prop {refused[0]!r} may hold personal data")
