"""Booking a video consultation from the terminal, and the offline way out.

A booking needs the hub (one slot, one booking is decided there). :meth:`BookingService.book`
sends ``POST /bookings`` with an idempotency key, retrying once on a dropped connection with the
same key, so a flaky network never makes two bookings. When the hub cannot be reached, the
screen offers :meth:`BookingService.request_callback`: the request is queued in the outbox
(delivered later, de-duplicated by its id on the hub, so exactly one arrives) next to the 12348
hotline — never a dead end.

Privacy: the resident's name and phone are held only in memory for the call, and in the outbox
only until the hub confirms a callback request (then erased and the outbox scrubbed). Nothing
here logs them; events carry the adviser and the outcome, never who.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime

from contract.resident_text import ascii_phone, hidden_characters
from kiosk.errors import BookingRejected, HubUnavailable
from kiosk.hublink.client import HubClient
from kiosk.outbox import CALLBACK, Outbox

logger = logging.getLogger(__name__)

HOTLINE = "12348"
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{9,11})$")  # ASCII digits only, separators gone
MAX_NAME = 40
MAX_TOPIC = 200


def clean_contact(name: str, phone: str) -> tuple[str, str]:
    """Validate a resident's name and phone; raises :class:`BookingRejected` naming what is wrong."""
    name = (name or "").strip()
    # The hub's rules (contract.resident_text): ASCII digits, no invisible characters in a name.
    digits = ascii_phone(re.sub(r"[\s]", "", phone or ""))
    phone = digits if digits is not None else "-"
    if not name or len(name) > MAX_NAME or hidden_characters(name):
        raise BookingRejected("name: 1-40 characters", message_key="sync.booking_bad_name")
    if not PHONE_RE.match(phone):
        raise BookingRejected(
            "phone: a mobile (11 digits) or a landline with area code",
            message_key="sync.booking_bad_phone",
        )
    return name, phone


class BookingService:
    """Slots, bookings and callback requests for the screens (call it off the UI thread).

    :param client: the hub client, or ``None`` on a terminal that is not enrolled.
    :param outbox: where callback requests wait for the hub.
    :param on_queued: called after a callback request was queued (the sync loop's ``kick``).
    """

    hotline = HOTLINE

    def __init__(
        self,
        client: HubClient | None,
        outbox: Outbox,
        *,
        on_queued: Callable[[], None] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.outbox = outbox
        self.on_queued = on_queued
        self.clock = clock

    def _client(self) -> HubClient:
        if self.client is None:
            raise HubUnavailable("this terminal is not enrolled with a hub")
        return self.client

    def slots(self, adviser_id: str, *, days: int = 7) -> list[dict]:
        """The adviser's slots ``[{"start", "end", "free"}]`` (raises HubUnavailable offline)."""
        answer = self._client().slots(adviser_id, days=days)
        slots = answer.get("slots")
        if not isinstance(slots, list):
            raise HubUnavailable("slots answer without a slot list")
        return [s for s in slots if isinstance(s, dict) and {"start", "end", "free"} <= set(s)]

    def book(
        self,
        *,
        adviser_id: str,
        start: str,
        name: str,
        phone: str,
        idempotency_key: str,
        topic: str | None = None,
    ) -> dict:
        """Book one slot; returns ``{"code", "start", "end", "join_url"}`` from the hub.

        :raises BookingRejected: the slot is taken (409) or the input refused (422).
        :raises HubUnavailable: the hub cannot be reached even after one retry.
        """
        name, phone = clean_contact(name, phone)
        body = {
            "adviser_id": adviser_id,
            "start": start,
            "name": name,
            "phone": phone,
            "idempotency_key": idempotency_key,
        }
        if topic:
            body["topic"] = topic.strip()[:MAX_TOPIC]
        client = self._client()
        try:
            answer = client.book(body)
        except HubUnavailable:
            logger.info("booking: hub did not answer, retrying once with the same idempotency key")
            answer = client.book(body)
        booking = {k: answer.get(k) for k in ("code", "start", "end", "join_url")}
        if not booking["code"]:
            raise HubUnavailable("booking answer without a code")
        return booking

    def request_callback(
        self, *, name: str, phone: str, adviser_id: str | None = None, topic: str | None = None
    ) -> str:
        """Queue a callback request for the hub; returns its id (the hub de-duplicates by it)."""
        name, phone = clean_contact(name, phone)
        payload = {"name": name, "phone": phone, "at": self.clock().isoformat(timespec="seconds")}
        if adviser_id:
            payload["adviser_id"] = adviser_id
        if topic:
            payload["topic"] = topic.strip()[:MAX_TOPIC]
        item_id = self.outbox.enqueue(CALLBACK, payload)
        logger.info("callback request %s queued", item_id)
        if self.on_queued is not None:
            self.on_queued()
        return item_id

    def cancel(self, code: str, phone_last4: str) -> bool:
        """Cancel a booking by code and the last four digits of its phone."""
        return self._client().cancel(code.strip(), phone_last4.strip())
