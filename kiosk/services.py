"""The services the screens use, built once by the composition root (``legal-kiosk run``).

Screens never open databases, sockets or files themselves: they get a :class:`Services` and call
its parts on a worker thread. Hardware has a null twin that the config names (``backend =
"none"``), chosen by the factories of :mod:`kiosk.tickets` and :mod:`kiosk.speech`, so a
terminal without a printer or a voice still runs and says plainly what it cannot do.
No Kivy here.
"""

from __future__ import annotations

import collections
import importlib
import logging
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import KioskConfig
from kiosk.outbox.telemetry import Telemetry
from kiosk.pin import PinGate
from kiosk.service_types import (
    Booking,
    HubLink,
    Places,
    Printer,
    Queue,
    Search,
    Speaker,
    Store,
    Video,
)
from kiosk.session import IdleSession

logger = logging.getLogger(__name__)

RECENT_EVENTS = 1000


@dataclass
class Services:
    """Everything a screen may call. ``booking`` and ``video`` are None when unavailable."""

    config: KioskConfig
    store: Store
    search: Search  # the kiosk.search module
    places: Places  # the kiosk.places module
    speech: Speaker
    printer: Printer
    tickets: Any  # the kiosk.tickets module: QR payloads, qr_image, Ticket, render_ticket
    telemetry: Telemetry
    session: IdleSession
    pin_gate: PinGate
    events: Any = field(default_factory=list)  # recent events (a bounded deque in the app)
    booking: Booking | None = None
    video: Video | None = None
    sync: HubLink | None = None
    outbox: Queue | None = None

    def online(self) -> bool:
        """Whether the hub answered recently (False without a sync part)."""
        return bool(getattr(self.sync, "online", False))

    def content_stale(self) -> bool:
        """Whether no fresh signed statement from the hub confirmed the content for too long
        (``Syncer.stale``); False on a terminal that is not enrolled (no hub to confirm it)."""
        syncer = getattr(self.sync, "syncer", None)
        return bool(syncer is not None and syncer.stale())

    def queue_size(self) -> int | None:
        size = getattr(self.outbox, "size", None)
        return size() if callable(size) else None

    def close(self) -> None:
        self.speech.stop()
        link_closer = getattr(self.sync, "close", None)
        if callable(link_closer):
            link_closer()  # stops the sync loop, writes queued events
        closer = getattr(self.store, "close", None)
        if callable(closer):
            closer()


class TeeSink:
    """Hands each event to several sinks (the durable outbox and the recent-events list)."""

    def __init__(self, *sinks) -> None:
        self.sinks = sinks

    def append(self, event: dict) -> None:
        for sink in self.sinks:
            sink.append(event)


def _plug_hub_link(config: KioskConfig, parts: dict[str, Any]) -> None:
    """The hub parts (kiosk.hublink.link): outbox, sync loop, booking client; not started here."""
    from kiosk.doctor import health_report
    from kiosk.hublink.link import build_hub_link

    # Each heartbeat carries the self-test (DESIGN's doctor shape), so staff see terminal health.
    link = build_hub_link(config, store=parts["store"], doctor=lambda: health_report(config))
    parts["sync"] = link
    parts.setdefault("outbox", link.outbox)
    if link.client is not None:  # not enrolled: no booking client, the screen offers 12348
        parts.setdefault("booking", link.booking)


def build_services(config: KioskConfig, **overrides: Any) -> Services:
    """Open the content store and build every part from ``config``.

    ``overrides`` replace parts by name (``booking=...``, ``store=...``); the sync part plugs in
    the outbox and booking client this way. Call it on the thread that will use the store.
    """
    parts: dict[str, Any] = dict(overrides)
    if "store" not in parts:
        from kiosk.store import ContentStore

        parts["store"] = ContentStore.open(config.data_dir)
    for name in ("search", "places", "tickets"):
        if name not in parts:
            parts[name] = importlib.import_module(f"kiosk.{name}")
    if "speech" not in parts:
        from kiosk.speech import make_speaker

        parts["speech"] = make_speaker(config)
    parts.setdefault("printer", parts["tickets"].make_printer(config))
    events = parts.pop("events", None)
    if events is None:
        events = collections.deque(maxlen=RECENT_EVENTS)  # recent events, for tests and maintenance
    if "sync" not in parts:
        _plug_hub_link(config, parts)
    link_sink = getattr(parts.get("sync"), "sink", None)
    sink = TeeSink(events, link_sink) if link_sink is not None else events
    parts.setdefault("telemetry", Telemetry(sink))
    ui = config.ui
    parts.setdefault(
        "session",
        IdleSession(
            idle_timeout_s=ui.idle_timeout_s,
            countdown_s=ui.countdown_s,
            attract_after_s=ui.attract_after_s,
        ),
    )
    parts.setdefault("pin_gate", PinGate(config.maintenance.pin_hash))
    if "video" not in parts:  # kiosk/video/calls.py: needs the sync part's enrolled hub client
        from kiosk.video.calls import make_video

        parts["video"] = make_video(
            config,
            hub_client=getattr(parts.get("sync"), "client", None),
            telemetry=parts["telemetry"],
        )
    return Services(config=config, events=events, **parts)
