"""The four routes every record page has, registered once: new, edit, save, delete.

``add_record_routes(router, FORM, EditorStaff)`` adds ``POST /new``, ``GET /{record_id}``,
``POST /{record_id}`` and ``POST /{record_id}/delete`` on the page's router, each delegating
to :mod:`hub.admin.record_forms`. (No ``from __future__ import annotations`` here: FastAPI reads
the parameter annotations of the closures below, and ``staff`` is the page's own guard.)
"""

from collections.abc import Callable

from fastapi import APIRouter, Request
from sqlalchemy import Connection

from hub.api.deps import HubDep

from .record_forms import RecordForm, delete_record, edit_record, save_record


def add_record_routes(
    router: APIRouter,
    form: RecordForm,
    staff_type,
    *,
    delete_check: Callable[[Connection, str], None] | None = None,
) -> None:
    """Register the create, edit, update and delete routes of ``form`` on ``router``."""

    @router.post("/new")
    async def record_create(request: Request, hub: HubDep, staff: staff_type):
        return await save_record(form, request, hub, staff, None)

    @router.get("/{record_id}")
    def record_edit(record_id: str, request: Request, hub: HubDep, staff: staff_type):
        return edit_record(form, request, hub, staff, record_id)

    @router.post("/{record_id}")
    async def record_update(record_id: str, request: Request, hub: HubDep, staff: staff_type):
        return await save_record(form, request, hub, staff, record_id)

    @router.post("/{record_id}/delete")
    async def record_delete(record_id: str, request: Request, hub: HubDep, staff: staff_type):
        return await delete_record(form, request, hub, staff, record_id, check=delete_check)
