"""``/admin/callbacks``: residents who asked, on a terminal that could not reach the hub, to be
called back. Staff call and mark each one done; names and phones are purged later with the
bookings' retention (:func:`hub.crud.callbacks.purge_callbacks`)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from hub.api.deps import HubDep
from hub.core.clock import now_utc
from hub.core.db import reading, writing
from hub.crud.callbacks import mark_done, open_callbacks_named

from .web import CALLBACK_ROLES, AdminProblem, AdminRoute, AnyStaff, checked_form, render, see_other

router = APIRouter(prefix="/admin/callbacks", route_class=AdminRoute, include_in_schema=False)


def _allowed(staff) -> None:
    if staff.role not in CALLBACK_ROLES:
        raise AdminProblem(403, "admin.error.role")


@router.get("")
def callback_list(request: Request, hub: HubDep, staff: AnyStaff):
    _allowed(staff)
    with reading(hub.engine) as conn:
        rows = open_callbacks_named(conn)
    return render(request, "callbacks.html", staff=staff, rows=rows)


@router.post("/{callback_id}/done")
async def callback_done(request: Request, callback_id: int, hub: HubDep, staff: AnyStaff):
    _allowed(staff)
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        if not mark_done(conn, callback_id=callback_id, now=now_utc()):
            raise AdminProblem(404, "admin.callbacks.not_open")
    return see_other("/admin/callbacks?done=callback")
