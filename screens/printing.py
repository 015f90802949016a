"""Printing tickets from the screens: render with the tickets part, print on the io lane."""

from __future__ import annotations

import logging

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
            place=config.terminal.place,
            hub_url=config.hub.url,
            language=app.lang,
            title=adviser_name,
            timezone=config.terminal.timezone,
        )
        return tickets.render_ticket(ticket, paper_mm=config.printer.paper_mm)

    _print(app, make, "booking")
