"""``/p/bookings/{code}``: the resident's booking on a phone — time, adviser, join link, cancel.

The code is the secret: whoever holds it sees the time and adviser; the resident's name appears
only masked (王*) and the phone number never. Cancelling needs the phone's last 4 digits.

A refused cancel never tells whether the code exists: an unknown code, wrong digits, a malformed
answer or too many tries from one address all get the same small page (same status, same text,
no booking shown). After ``CANCEL_MAX_FAILURES`` wrong digits the booking is locked against
cancelling; the booking page then says to call the hub or 12348.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from contract.resident_text import ascii_phone
from hub.api.deps import HubDep
from hub.core.clock import local_text, now_utc
from hub.core.db import reading, writing
from hub.crud.bookings import (
    CANCEL_MAX_FAILURES,
    booking_by_code,
    cancel_booking,
    cancel_locked,
    mask_name,
)
from hub.pages.render import language, not_found, render
from hub.video.links import booking_join_url

router = APIRouter(prefix="/p", include_in_schema=False)

CODE_MAX = 16
NOTICES = {
    "cancelled": ("hub.booking.cancel.done", "ok"),
    "already_cancelled": ("hub.booking.cancel.done", "ok"),
    "locked": ("hub.booking.cancel.locked", "error"),
    "closed": ("hub.booking.cancel.too_late", "error"),
    "past": ("hub.booking.cancel.too_late", "error"),
    "bad_input": ("hub.booking.cancel.bad_input", "error"),
    "too_many": ("hub.too_many.body", "error"),
}


def room_state(booking, *, opens_before_minutes: int) -> str:
    now = now_utc()
    if now >= booking["end"]:
        return "ended"
    return "open" if now >= booking["start"] - timedelta(minutes=opens_before_minutes) else "later"


def _page(request: Request, hub, code: str, *, outcome: str | None = None, status: int = 200):
    if len(code) > CODE_MAX:
        return not_found(request)
    with reading(hub.engine) as conn:
        booking = booking_by_code(conn, code)
    if booking is None:
        return not_found(request)
    opens = hub.settings.room_opens_before_minutes
    state = room_state(booking, opens_before_minutes=opens)
    base = hub.settings.public_base_url or str(request.base_url).rstrip("/")
    if outcome == "cancelled" and booking["status"] != "cancelled":
        outcome = None  # a hand-made ?done=cancelled link shows nothing
    notice_key, notice_kind = NOTICES.get(outcome or "", ("", ""))
    return render(
        request,
        "public/booking.html",
        status=status,
        booking=booking,
        end_hm=local_text(booking["end"], hub.settings.zone, "%H:%M"),
        masked_name=mask_name(booking["resident_name"]),
        room_state=state,
        opens_before=opens,
        join_url=booking_join_url(
            hub, base, booking, lang=language(request)
        ),  # hub/video: token link
        cancellable=not cancel_locked(booking)
        and (state == "later" or (state == "open" and now_utc() < booking["start"])),
        cancel_locked=cancel_locked(booking) and booking["status"] == "booked",
        notice_key=notice_key,
        notice_kind=notice_kind,
    )


@router.get("/bookings/{code}", response_class=HTMLResponse)
def booking_page(code: str, request: Request, hub: HubDep) -> HTMLResponse:
    return _page(request, hub, code, outcome=request.query_params.get("done"))


@router.post("/bookings/{code}/cancel", response_class=HTMLResponse)
def cancel_from_phone(
    code: str, request: Request, hub: HubDep, phone_last4: Annotated[str, Form(max_length=8)] = ""
) -> HTMLResponse:
    client = request.client.host if request.client else "unknown"
    if hub.limiter.take(f"page-cancel:{client}") > 0:
        return _refused(request, code, "hub.too_many.body", status=429)
    phone_last4 = ascii_phone(phone_last4) or ""  # full-width digits typed on a phone count
    if not (len(phone_last4) == 4 and phone_last4.isdigit()):
        return _refused(request, code, "hub.booking.cancel.bad_input", status=422)
    outcome = "not_found"
    if len(code) <= CODE_MAX:
        with writing(hub.engine) as conn:
            outcome = cancel_booking(
                conn, code=code, phone_last4=phone_last4, terminal_id=None, now=now_utc()
            )
    if outcome in ("cancelled", "already_cancelled"):
        lang = language(request)
        return RedirectResponse(
            f"/p/bookings/{code.upper()}?done=cancelled&lang={lang}", status_code=303
        )
    if outcome == "not_found":  # unknown code and wrong digits alike
        return _refused(request, code, "hub.booking.cancel.wrong", status=403)
    return _page(request, hub, code, outcome=outcome, status=409)


def _refused(request: Request, code: str, message_key: str, *, status: int) -> HTMLResponse:
    """The same answer whether or not ``code`` exists: a sentence and a link back, no booking."""
    back = code.upper() if len(code) <= CODE_MAX and code.isascii() and code.isalnum() else ""
    return render(
        request,
        "public/cancel_refused.html",
        status=status,
        message_key=message_key,
        max_failures=CANCEL_MAX_FAILURES,
        back_code=back,
    )
