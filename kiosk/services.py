"""The services the screens use, built once by the composition root (``legal-kiosk run``).

Screens never open databases, sockets or files themselves: they get a :class:`Services` and call
its parts on a worker thread. Hardware has a null twin chosen here from the config, so a
terminal without a printer or a voice still runs and says plainly what it cannot do.
No Kivy here.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from kiosk.config import KioskConfig
from kiosk.errors import PrinterUnavailable
from kiosk.pin import PinGate
from kiosk.session import IdleSession
from kiosk.telemetry import Telemetry

logger = logging.getLogger(__name__)

HOTLINE = "12348"


class NullSpeaker:
    """No voice installed: ``available`` is False and speaking does nothing."""

    available = False
    speaking = False

    def speak(self, text: str, language: str = "zh_CN") -> None:
        logger.info("speech requested but no voice is installed")

    def stop(self) -> None:
        pass


class NullPrinter:
    """No printer configured: every print raises :class:`PrinterUnavailable`."""

    def status(self) -> str:
        return "none"

    def print_image(self, image) -> None:
        raise PrinterUnavailable("no printer configured")


def _optional(module: str, attr: str | None = None) -> Any:
    """Import an optional part; None when it is not installed in this build."""
    try:
        loaded = importlib.import_module(module)
    except ImportError as exc:
        logger.warning("optional part %s not available: %s", module, exc)
        return None
    return getattr(loaded, attr, None) if attr else loaded


def _fallback_payloads() -> SimpleNamespace:
    """Minimal QR payloads used only while kiosk.tickets is not part of the build."""

    def article_payload(hub_url, article):
        if hub_url:
            return f"{hub_url.rstrip('/')}/p/articles/{article['id']}"
        return f"{article['title']}\n{article.get('summary', '')}"[:300]

    def navigation_payload(institution, *, app="amap"):
        return (
            f"https://uri.amap.com/marker?position={institution['lng']},{institution['lat']}"
            f"&coordinate=gaode&callnative=1"
        )

    def booking_payload(booking):
        return booking.get("join_url") or booking["code"]

    def hotline_payload():
        return f"tel:{HOTLINE}"

    return SimpleNamespace(
        article_payload=article_payload,
        navigation_payload=navigation_payload,
        booking_payload=booking_payload,
        hotline_payload=hotline_payload,
    )


@dataclass
class Services:
    """Everything a screen may call. ``booking`` and ``video`` are None when unavailable."""

    config: KioskConfig
    store: Any
    search: Any  # has search(store, query, limit) and candidates(store, letters, limit)
    places: Any  # has nearby(store, lat, lng, *, type, radius_m, limit) and distance_m(...)
    speech: Any
    printer: Any
    payloads: Any  # article_payload, navigation_payload, booking_payload, hotline_payload
    telemetry: Telemetry
    session: IdleSession
    pin_gate: PinGate
    events: list = field(default_factory=list)
    booking: Any = None
    video: Any = None
    sync: Any = None
    outbox: Any = None
    qr_image: Any = None  # kiosk.tickets.qr.qr_image when present
    render_ticket: Any = None

    def online(self) -> bool:
        """Whether the hub answered recently (False without a sync part)."""
        return bool(getattr(self.sync, "online", False))

    def queue_size(self) -> int | None:
        size = getattr(self.outbox, "size", None)
        return size() if callable(size) else None

    def close(self) -> None:
        self.speech.stop()
        closer = getattr(self.store, "close", None)
        if callable(closer):
            closer()


def _make_speaker(config: KioskConfig):
    make = _optional("kiosk.speech", "make_speaker")
    if config.speech.backend == "none" or make is None:
        return NullSpeaker()
    return make(config)


def _make_printer(config: KioskConfig):
    make = _optional("kiosk.tickets.printers", "make_printer")
    if config.printer.backend == "none" or make is None:
        return NullPrinter()
    return make(config)


def build_services(config: KioskConfig, **overrides: Any) -> Services:
    """Open the content store and build every part from ``config``.

    ``overrides`` replace parts by name (``booking=...``, ``store=...``); the sync part plugs in
    the outbox and booking client this way. Call it on the thread that will use the store.
    """
    parts: dict[str, Any] = dict(overrides)
    if "store" not in parts:
        from kiosk.store import ContentStore

        parts["store"] = ContentStore.open(config.data_dir)
    if "search" not in parts:
        parts["search"] = importlib.import_module("kiosk.search")
    if "places" not in parts:
        parts["places"] = importlib.import_module("kiosk.places")
    parts.setdefault("speech", _make_speaker(config))
    parts.setdefault("printer", _make_printer(config))
    parts.setdefault("payloads", _optional("kiosk.tickets.qr_payloads") or _fallback_payloads())
    parts.setdefault("qr_image", _optional("kiosk.tickets.qr", "qr_image"))
    parts.setdefault("render_ticket", _optional("kiosk.tickets.ticket", "render_ticket"))
    events: list = parts.pop("events", [])
    parts.setdefault("telemetry", Telemetry(events))
    ui = config.ui
    parts.setdefault(
        "session",
        IdleSession(idle_timeout_s=ui.idle_timeout_s, countdown_s=ui.countdown_s, attract_after_s=ui.attract_after_s),
    )
    parts.setdefault("pin_gate", PinGate(config.maintenance.pin_hash))
    return Services(config=config, events=events, **parts)
