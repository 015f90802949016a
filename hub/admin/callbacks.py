"""``/admin/callbacks``: residents who asked, on a terminal that could not reach the hub, to be
called back. Staff call and mark each one done; names and phones are purged later with the
bookings' retention (:func:`hub.crud.callbacks.purge_callbacks`).

Admins and editors see every open request in full. An adviser sees only the requests addressed
to them (:func:`hub.crud.callbacks.addressed_to`), names and phones masked as on ``/admin/my``;
the full number is on the request's own page (``/admin/callbacks/{id}``), opened to call back.
Another adviser's request answers 404 to an adviser, for reading and for marking it done.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request

from hub.api.deps import HubDep, StaffUser
from hub.core.clock import now_utc
from hub.core.db import reading, writing
from hub.crud.bookings import mask_name
from hub.crud.callbacks import callback_named, mark_done, mask_phone, open_callbacks_named

from .web import CALLBACK_ROLES, AdminProblem, AdminRoute, AnyStaff, checked_form, render, see_other

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/admin/callbacks", route_class=AdminRoute, include_in_schema=False)


def _scope(staff: StaffUser) -> str | None:
    """None: every request (admin, editor); else the adviser whose requests this staff sees."""
    if staff.role not in CALLBACK_ROLES:
        raise AdminProblem(403, "admin.error.role")
    if staff.role != "adviser":
        return None
    # An adviser account not linked to an adviser sees nothing ("" matches no request).
    return staff.adviser_id or ""


@router.get("")
def callback_list(request: Request, hub: HubDep, staff: AnyStaff):
    scope = _scope(staff)
    with reading(hub.engine) as conn:
        rows = open_callbacks_named(conn, adviser_id=scope)
    if scope is not None:
        rows = [
            {
                **row,
                "resident_name": mask_name(row["resident_name"]),
                "resident_phone": "",
                "masked_phone": mask_phone(row["resident_phone"]),
            }
            for row in rows
        ]
    return render(request, "callbacks.html", staff=staff, rows=rows, masked=scope is not None)


@router.get("/{callback_id}")
def callback_page(request: Request, callback_id: int, hub: HubDep, staff: AnyStaff):
    scope = _scope(staff)
    with reading(hub.engine) as conn:
        row = callback_named(conn, callback_id=callback_id, adviser_id=scope)
    if row is None:
        raise AdminProblem(404, "admin.callbacks.not_open")
    logger.info("staff user %s opened callback request %s to call back", staff.id, callback_id)
    return render(request, "callback.html", staff=staff, r=row)


@router.post("/{callback_id}/done")
async def callback_done(request: Request, callback_id: int, hub: HubDep, staff: AnyStaff):
    scope = _scope(staff)
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        if not mark_done(conn, callback_id=callback_id, now=now_utc(), adviser_id=scope):
            raise AdminProblem(404, "admin.callbacks.not_open")
    return see_other("/admin/callbacks?done=callback")
