"""Printing tickets from the screens: render with the tickets part, print on the io lane."""

from __future__ import annotations

import logging

from kiosk.errors import KioskError, PrinterUnavailable

logger = logging.getLogger(__name__)


def _print(app, make_image, kind: str) -> None:
    printer = app.services.printer

    def job():
        image = make_image()
        if image is None:
            raise PrinterUnavailable("ticket rendering is not available")
        printer.print_image(image)

    def done(_result) -> None:
        app.services.telemetry.record("ticket.print", kind=kind, ok=True)
        app.show_message(app.tr("printing.done"))

    def failed(error: BaseException) -> None:
        app.services.telemetry.record("ticket.print", kind=kind, ok=False)
        key = error.message_key if isinstance(error, KioskError) else "error.printer_unavailable"
        app.show_message(app.tr(key))

    app.worker.submit(job, lane="io", on_done=done, on_error=failed)


def _simple_image(lines: list[str]):
    from PIL import Image, ImageDraw

    image = Image.new("L", (576, 60 + 50 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((20, 30 + 50 * n), line, fill=0)
    return image


def print_test_page(app) -> None:
    _print(app, lambda: _simple_image(["legal-kiosk printer test", app.services.config.terminal.name.encode("ascii", "replace").decode()]), "test")


def print_booking(app, booking: dict) -> None:
    render = app.services.render_ticket

    def make():
        if render is None:
            return None
        from kiosk.tickets.ticket import Ticket

        ticket = Ticket.for_booking(booking, place=app.services.config.terminal.place)  # type: ignore[attr-defined]
        return render(ticket, paper_mm=app.services.config.printer.paper_mm)

    _print(app, make, "booking")
