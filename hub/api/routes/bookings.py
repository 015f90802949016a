"""``POST /bookings`` and ``POST /bookings/{code}/cancel``."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request

from hub.api.deps import CurrentTerminal, HubDep
from hub.api.schemas import BookingIn, BookingOut, CancelIn, CancelOut
from hub.core.clock import local_iso, now_utc
from hub.core.db import writing
from hub.crud.bookings import (
    IdempotencyConflict,
    NewBooking,
    SlotTaken,
    cancel_booking,
    create_booking,
)
from hub.crud.slots import active_adviser_exists, is_bookable_start

router = APIRouter(tags=["terminal"])

CANCEL_ERRORS = {
    "not_found": (404, "no such booking"),  # unknown code and wrong digits alike
    "locked": (
        409,
        "too many wrong digits: this booking can no longer be cancelled here; call 12348",
    ),
    "closed": (409, "this booking can no longer be cancelled"),
    "past": (409, "the booking time has passed"),
}


def public_base(hub, request: Request) -> str:
    """Base of links printed for phones: ``HUB_PUBLIC_BASE_URL`` or this request's origin."""
    return hub.settings.public_base_url or str(request.base_url).rstrip("/")


def booking_answer(row, base: str, zone: tzinfo) -> BookingOut:
    return BookingOut(
        code=row["code"],
        start=local_iso(row["start"], zone),
        end=local_iso(row["end"], zone),
        join_url=f"{base}/p/bookings/{row['code']}",
    )


@router.post(
    "/bookings",
    status_code=201,
    response_model=BookingOut,
    responses={409: {"description": "slot taken"}, 422: {"description": "bad input"}},
)
def book(body: BookingIn, terminal: CurrentTerminal, hub: HubDep, request: Request) -> BookingOut:
    """Book one slot; the same ``idempotency_key`` again returns the same booking."""
    settings = hub.settings
    now = now_utc()
    with writing(hub.engine) as conn:
        if not active_adviser_exists(conn, body.adviser_id):
            raise HTTPException(422, "adviser_id: no such adviser")
        end = is_bookable_start(
            conn,
            adviser_id=body.adviser_id,
            start=body.start,
            now=now,
            max_days=settings.slot_days_max,
            slot_minutes=settings.slot_minutes,
            zone=settings.zone,
        )
        if end is None:
            raise HTTPException(422, "start: not a bookable slot of this adviser")
        new = NewBooking(
            terminal_id=terminal.terminal_id,
            adviser_id=body.adviser_id,
            start=body.start,
            end=end,
            name=body.name,
            phone=body.phone,
            topic=body.topic.strip(),
            idempotency_key=body.idempotency_key,
        )
        try:
            row = create_booking(conn, new)
        except SlotTaken:
            raise HTTPException(409, "this slot is already booked") from None
        except IdempotencyConflict:
            raise HTTPException(
                409, "idempotency_key was already used for another booking"
            ) from None
    return booking_answer(row, public_base(hub, request), settings.zone)


@router.post(
    "/bookings/{code}/cancel",
    response_model=CancelOut,
    responses={404: {"description": "no such booking"}, 409: {"description": "too late"}},
)
def cancel(
    body: CancelIn,
    terminal: CurrentTerminal,
    hub: HubDep,
    code: Annotated[str, Path(min_length=4, max_length=16, pattern=r"^[A-Za-z0-9]+$")],
) -> CancelOut:
    """Cancel one of this terminal's bookings; the resident proves it with the phone's last 4 digits."""
    with writing(hub.engine) as conn:
        outcome = cancel_booking(
            conn,
            code=code,
            phone_last4=body.phone_last4,
            terminal_id=terminal.terminal_id,
            now=now_utc(),
        )
    if outcome in CANCEL_ERRORS:
        status, detail = CANCEL_ERRORS[outcome]
        raise HTTPException(status, detail)
    return CancelOut(code=code.upper(), status="cancelled")
