"""Remote commands on a terminal's page (admins): send sync, doctor, screenshot or restart, and
see the latest commands with who sent them, their state and result, and a screenshot's image.

Sending goes through the admin's CSRF-checked form like every other admin action and is logged
with the admin's username (:func:`hub.crud.terminal_commands.new_command`).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from contract.terminal_commands import COMMANDS, ID_PATTERN
from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.crud.records import record_exists
from hub.crud.terminal_commands import (
    CommandRefused,
    expire_commands,
    new_command,
    recent_commands,
    screenshot_png,
)
from hub.models.tables import terminals
from hub.models.types import utcnow

from .forms import text_of
from .web import AdminProblem, AdminRoute, AdminStaff, checked_form, see_other

router = APIRouter(prefix="/admin/terminals", route_class=AdminRoute, include_in_schema=False)
SHOWN_COMMANDS = 10
RESULT_SHOWN_CHARS = 400


def result_text(t, command: str, result: object) -> str:
    """A command's result in the staff's language: the error and its reason, a self-test's
    failing checks, a screenshot's size, a sync's content version; else the compact JSON."""
    if not isinstance(result, dict):
        return ""
    if isinstance(result.get("error"), str):
        key = f"admin.commands.error.{result['error']}"
        label = t(key) if t.has(key) else result["error"]
        reason = result.get("reason")
        return label + (f"（{reason}）" if isinstance(reason, str) and reason else "")
    if command == "doctor" and isinstance(result.get("checks"), list):
        failing = [
            _check_title(t, c.get("name"))
            for c in result["checks"]
            if isinstance(c, dict) and not c.get("ok", False)
        ]
        if not failing:
            return t("admin.commands.result.doctor_ok")
        return t("admin.commands.result.doctor_failing", n=len(failing), names="、".join(failing))
    if command == "screenshot" and {"width", "height", "bytes"} <= result.keys():
        kib = round(result["bytes"] / 1024) if isinstance(result["bytes"], int) else "?"
        return t("admin.commands.result.screenshot", w=result["width"], h=result["height"], kb=kib)
    if command == "sync" and "status" in result:
        return t(
            "admin.commands.result.sync", status=result["status"], version=result.get("version")
        )
    if command == "restart" and result.get("restarting") is True:
        return t("admin.commands.result.restart")
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= RESULT_SHOWN_CHARS else text[:RESULT_SHOWN_CHARS] + "…"


def _check_title(t, name: object) -> str:
    key = f"doctor.{name}.title"
    return t(key) if isinstance(name, str) and t.has(key) else str(name)


def commands_detail(conn, t, *, terminal_id: str) -> list[dict]:
    """The latest commands of the terminal as the page shows them."""
    rows = recent_commands(conn, terminal_id=terminal_id, limit=SHOWN_COMMANDS)
    return [{**row, "result_text": result_text(t, row["command"], row["result"])} for row in rows]


def expire_for(hub, terminal_id: str) -> None:
    """Fail the terminal's commands past ``HUB_COMMAND_EXPIRE_MINUTES`` before they are shown
    (a silent terminal sends no heartbeat that would do it)."""
    with writing(hub.engine) as conn:
        expire_commands(
            conn,
            now=utcnow(),
            after=timedelta(minutes=hub.settings.command_expire_minutes),
            terminal_id=terminal_id,
        )


@router.post("/{terminal_id}/commands")
async def command_send(terminal_id: str, request: Request, hub: HubDep, staff: AdminStaff):
    form = await checked_form(request, staff)
    command = text_of(form, "command")
    if command not in COMMANDS:
        raise AdminProblem(422, "admin.commands.unknown")
    with writing(hub.engine) as conn:
        if not record_exists(conn, table=terminals, record_id=terminal_id):
            raise AdminProblem(404, "admin.error.not_found")
        try:
            new_command(
                conn,
                terminal_id=terminal_id,
                command=command,
                sent_by=staff.username,
                sent_by_user_id=staff.id,
            )
        except CommandRefused:
            raise AdminProblem(422, "admin.commands.unknown") from None
    return see_other(f"/admin/terminals/{terminal_id}?done=command_sent#commands")


@router.get("/{terminal_id}/commands/{command_id}/screenshot.png")
def command_screenshot(
    terminal_id: str,
    hub: HubDep,
    staff: AdminStaff,
    command_id: Annotated[str, Path(pattern=ID_PATTERN)],
):
    with reading(hub.engine) as conn:
        png = screenshot_png(conn, terminal_id=terminal_id, command_id=command_id)
    if png is None:
        raise AdminProblem(404, "admin.error.not_found")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
