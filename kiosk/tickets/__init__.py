"""QR codes, printed tickets and printers.

Public names: :func:`article_payload`, :func:`navigation_payload`, :func:`booking_payload`,
:func:`hotline_payload` (what a QR holds), :func:`qr_image` (the code as an image),
:class:`Ticket` and :func:`render_ticket` (the ticket image), :func:`make_printer` (a printer
from the configuration).
"""

from kiosk.tickets.printers import make_printer
from kiosk.tickets.qr import SCREEN_BOX_PX, qr_image
from kiosk.tickets.qr_payloads import (
    article_payload,
    booking_payload,
    hotline_payload,
    navigation_payload,
)
from kiosk.tickets.ticket import PAPER_WIDTH_PX, Ticket, render_ticket

__all__ = [
    "PAPER_WIDTH_PX",
    "SCREEN_BOX_PX",
    "Ticket",
    "article_payload",
    "booking_payload",
    "hotline_payload",
    "make_printer",
    "navigation_payload",
    "qr_image",
    "render_ticket",
]
