"""The booking's last step: the code, who, when (on one line, in the terminal's zone), where,
and what to do next — the same as the printed ticket says."""

from __future__ import annotations

from kiosk.booking.site import terminal_site
from kiosk.local_time import parse_local
from kiosk.tickets.ticket import format_when
from screens.widgets.common import BodyLabel, OneLineLabel, QRView, TitleLabel


def when_text(booking: dict, *, timezone: str, language: str) -> str:
    """``2026年11月27日 星期五 14:00–14:30`` in ``timezone``, whatever offset the hub used."""
    start = parse_local(booking["start"], timezone)
    end = parse_local(booking["end"], timezone) if booking.get("end") else None
    return format_when(start, end, language)


def build_done(screen, body, booking: dict) -> None:
    tr, config = screen.tr, screen.services.config
    body.add_widget(TitleLabel(text=tr("booking.code", code=booking["code"]), base_size=64))
    if screen.adviser_name:
        body.add_widget(
            BodyLabel(text=tr("booking.done_adviser", adviser=screen.adviser_name), base_size=36)
        )
    when = when_text(booking, timezone=config.terminal.timezone, language=screen.app.lang)
    screen.when_label = OneLineLabel(text=tr("booking.when", when=when), base_size=40, bold=True)
    body.add_widget(screen.when_label)
    body.add_widget(
        BodyLabel(text=tr("booking.done_place", place=terminal_site(config.terminal)), base_size=36)
    )
    body.add_widget(TitleLabel(text=tr("booking.next_steps_title"), base_size=36))
    body.add_widget(BodyLabel(text=tr("booking.next_steps"), base_size=32))
    qr = QRView(size_hint_y=None, height=340)
    qr.payload = screen.services.tickets.booking_payload(booking)
    body.add_widget(qr)
