"""Booking a video consultation: slots, bookings and offline callback requests.

- :mod:`~kiosk.booking.service` — :class:`BookingService`, what the booking screens call;
- :mod:`~kiosk.booking.advisers` — which advisers to offer first (this village's, then nearby);
- :mod:`~kiosk.booking.site` — where a booked consultation happens (this terminal's site).
"""

from kiosk.booking.service import BookingService, clean_contact

__all__ = ["BookingService", "clean_contact"]
