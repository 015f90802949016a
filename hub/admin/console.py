"""``/admin/console``: the adviser's desk — on duty switch, ringing "call now" notice, today's and
upcoming bookings with a join button, outcome (held / no-show / referred) and a note.

Built on the staff admin (:mod:`hub.admin.web`): its login, roles, CSRF and page frame.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from hub.admin.web import AdminProblem, AdminRoute, AdviserStaff, checked_form, render, see_other
from hub.api.deps import HubDep, StaffUser
from hub.core.clock import now_utc
from hub.core.db import reading, writing
from hub.crud.console import (
    NOTE_MAX_CHARS,
    adviser_bookings,
    adviser_now_calls,
    room_of_booking,
    room_of_call,
    set_outcome,
)
from hub.models.tables import CALL_OUTCOMES
from hub.video import rooms
from hub.video.duty import is_on_duty, set_on_duty
from hub.video.links import join_url
from hub.video.windows import windows_for

router = APIRouter(prefix="/admin/console", route_class=AdminRoute, include_in_schema=False)
POLL_MS = 3000


def _adviser_id(staff: StaffUser) -> str:
    if not staff.adviser_id:
        raise AdminProblem(403, "video.console.no_adviser")
    return staff.adviser_id


@router.get("")
def console(request: Request, hub: HubDep, staff: AdviserStaff):
    adviser_id = _adviser_id(staff)
    now = now_utc()
    windows = windows_for(hub)
    with reading(hub.engine) as conn:
        on_duty = is_on_duty(conn, adviser_id)
        booked = adviser_bookings(conn, adviser_id=adviser_id, now=now, zone=hub.settings.zone)
        now_calls = adviser_now_calls(conn, adviser_id=adviser_id, now=now, zone=hub.settings.zone)
        ringing = rooms.ringing_calls(conn, adviser_id=adviser_id, now=now, windows=windows)
    rows = []
    for row in booked:
        opens, closes = rooms.booked_window(row, windows)
        state = "later" if now < opens else ("open" if now < closes else "closed")
        rows.append({"row": row, "state": state, "can_outcome": now >= opens})
    return render(
        request,
        "console.html",
        staff=staff,
        on_duty=on_duty,
        bookings=rows,
        now_calls=now_calls,
        ringing=ringing,
        outcomes=CALL_OUTCOMES,
        poll_ms=POLL_MS,
        now=now,
    )


@router.get("/ringing.json")
def ringing_json(hub: HubDep, staff: AdviserStaff):
    """Polled by the console page every few seconds: ringing calls of this adviser."""
    adviser_id = _adviser_id(staff)
    with reading(hub.engine) as conn:
        ringing = rooms.ringing_calls(
            conn, adviser_id=adviser_id, now=now_utc(), windows=windows_for(hub)
        )
        on_duty = is_on_duty(conn, adviser_id)
    return JSONResponse(
        {
            "on_duty": on_duty,
            "ringing": [{"id": r["id"], "terminal": r["terminal_name"] or ""} for r in ringing],
        },
        headers={"Cache-Control": "no-store"},
    )


@router.post("/duty")
async def duty(request: Request, hub: HubDep, staff: AdviserStaff):
    form = await checked_form(request, staff)
    adviser_id = _adviser_id(staff)
    on = form.get("on") == "1"
    with writing(hub.engine) as conn:
        set_on_duty(conn, adviser_id=adviser_id, on=on, now=now_utc())
    return see_other("/admin/console?done=" + ("duty_on" if on else "duty_off"))


@router.post("/calls/{call_id}/answer")
async def answer(call_id: int, request: Request, hub: HubDep, staff: AdviserStaff):
    await checked_form(request, staff)
    adviser_id, now, windows = _adviser_id(staff), now_utc(), windows_for(hub)
    with writing(hub.engine) as conn:
        if not rooms.answer_call(
            conn, call_id=call_id, adviser_id=adviser_id, now=now, windows=windows
        ):
            raise AdminProblem(409, "video.console.gone")
        room = room_of_call(conn, call_id=call_id, adviser_id=adviser_id, windows=windows)
    return see_other(join_url(hub, "", room, role="adviser", now=now))


@router.post("/bookings/{booking_id}/join")
async def join_booking(booking_id: int, request: Request, hub: HubDep, staff: AdviserStaff):
    await checked_form(request, staff)
    adviser_id, now = _adviser_id(staff), now_utc()
    with reading(hub.engine) as conn:
        room = room_of_booking(
            conn, booking_id=booking_id, adviser_id=adviser_id, windows=windows_for(hub)
        )
    if room is None:
        raise AdminProblem(404, "admin.error.not_found")
    if room.state(now) != "open":
        raise AdminProblem(409, "video.console.not_open")
    return see_other(join_url(hub, "", room, role="adviser", now=now))


@router.post("/{kind}/{item_id}/outcome")
async def outcome(kind: str, item_id: int, request: Request, hub: HubDep, staff: AdviserStaff):
    form = await checked_form(request, staff)
    adviser_id, now, windows = _adviser_id(staff), now_utc(), windows_for(hub)
    chosen = str(form.get("outcome", ""))
    note = str(form.get("note", "")).strip()[:NOTE_MAX_CHARS]
    if chosen not in CALL_OUTCOMES or kind not in ("bookings", "calls"):
        raise AdminProblem(422, "video.console.bad_outcome")
    with writing(hub.engine) as conn:
        find = room_of_booking if kind == "bookings" else room_of_call
        key = "booking_id" if kind == "bookings" else "call_id"
        room = find(conn, **{key: item_id}, adviser_id=adviser_id, windows=windows)
        if room is None:
            raise AdminProblem(404, "admin.error.not_found")
        if now < room.opens_at:
            raise AdminProblem(409, "video.console.too_early")
        set_outcome(conn, room=room, outcome=chosen, note=note, now=now)
    return see_other("/admin/console?done=outcome_saved")
