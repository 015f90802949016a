"""Printing tickets from the screens: render with the tickets part, print on the io lane."""

from __future__ import annotations

import logging

from kiosk.booking.site import terminal_site
from kiosk.errors import KioskError

logger = logging.getLogger(__name__)


def _print(app, make_image, kind: str) -> None:
    printer = app.services.printer

    def job():
        printer.print_image(make_image())

    def done(_result) -> None:
        app.services.telemetry.record("ticket.print", kind=kind, ok=True)
        app.show_message(app.tr("printing.done"))

    def failed(error: BaseException) -> None:
        app.services.telemetry.record("ticket.print", kind=kind, ok=False)
        key = error.message_key if isinstance(error, KioskError) else "error.printer_unavailable"
        app.show_message(app.tr(key))

    app.worker.submit(job, lane="io", on_done=done, on_error=failed)


def print_test_page(app) -> None:
    tickets = app.services.tickets
    config = app.services.config

    def make():
        ticket = tickets.Ticket.for_article(
            {
                "id": "printer-test",
                "title": app.tr("maintenance.test_printer"),
                "summary": config.terminal.name,
            },
            hub_url=config.hub.url,
            language=app.lang,
        )
        return tickets.render_ticket(ticket, paper_mm=config.printer.paper_mm)

    _print(app, make, "test")


def print_booking(app, booking: dict, *, adviser_name: str = "") -> None:
    tickets = app.services.tickets
    config = app.services.config

    def make():
        ticket = tickets.Ticket.for_booking(
            booking,
            place=terminal_site(config.terminal),
            hub_url=config.hub.url,
            language=app.lang,
            adviser=adviser_name,
            timezone=config.terminal.timezone,
        )
        return tickets.render_ticket(ticket, paper_mm=config.printer.paper_mm)

    _print(app, make, "booking")


def preview_then_print(app, make_ticket, kind: str) -> None:
    """Render the ticket on the worker, show it, and print the same image on 打印."""
    tickets, paper_mm = app.services.tickets, app.services.config.printer.paper_mm

    def render():
        return tickets.render_ticket(make_ticket(), paper_mm=paper_mm)

    def show(image) -> None:
        from screens.widgets.ticket_preview import TicketPreview

        app.services.telemetry.record("ticket.preview", kind=kind)
        app.ticket_preview = TicketPreview(app, image, lambda: _print(app, lambda: image, kind))
        app.ticket_preview.open(animation=False)

    app.worker.submit(render, lane="store", on_done=show, on_error=app.show_error)


def print_article(app, article: dict) -> None:
    """A guide to take home: title, a short summary and the QR of its page."""
    config = app.services.config
    tickets = app.services.tickets
    preview_then_print(
        app,
        lambda: tickets.Ticket.for_article(article, hub_url=config.hub.url, language=app.lang),
        "article",
    )


def print_institution(app, place: dict) -> None:
    """The way to a place: name, address, phone, hours and the navigation QR."""
    tickets = app.services.tickets
    preview_then_print(
        app, lambda: tickets.Ticket.for_institution(place, language=app.lang), "institution"
    )


def print_calculation(app, *, title: str, figure: str, lines: list[str]) -> None:
    """A calculator's estimate: the figure in large type, the working and the law, the 12348 QR."""
    tickets = app.services.tickets
    preview_then_print(
        app,
        lambda: tickets.Ticket.for_calculation(
            title=title, figure=figure, lines=lines, language=app.lang
        ),
        "calc",
    )
