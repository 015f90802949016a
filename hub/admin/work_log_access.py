"""Who may write, change and read a work-log entry (shared by the entry and photo pages)."""

from __future__ import annotations

from hub.api.deps import StaffUser
from hub.core.clock import now_utc
from hub.crud import work_log as crud

from .web import AdminProblem

READERS = ("admin", "editor", "viewer")


def own_adviser(staff: StaffUser) -> str:
    """The adviser id of an adviser login (403 for one not linked to an adviser record)."""
    if staff.role != "adviser":
        raise AdminProblem(403, "worklog.error.advisers_only")
    if not staff.adviser_id:
        raise AdminProblem(403, "admin.my.no_adviser")
    return staff.adviser_id


def editable_entry(conn, hub, staff: StaffUser, entry_id: int):
    """The entry, if this adviser wrote it and it is still open (403 / 404 / 409 otherwise)."""
    adviser_id = own_adviser(staff)
    row = crud.entry(conn, entry_id=entry_id)
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    if row["adviser_id"] != adviser_id or row["author_id"] != staff.id:
        raise AdminProblem(403, "worklog.error.not_yours")
    if crud.is_locked(row, now=now_utc(), edit_days=hub.settings.work_log_edit_days):
        raise AdminProblem(409, "worklog.error.locked", days=hub.settings.work_log_edit_days)
    return row


def may_read(staff: StaffUser, entry) -> bool:
    """Readers of every log, and the adviser whose entry it is (never another adviser)."""
    if staff.role in READERS:
        return True
    return bool(
        staff.role == "adviser" and staff.adviser_id and staff.adviser_id == entry["adviser_id"]
    )
