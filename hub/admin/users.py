"""``/admin/users`` (admins only): staff accounts, roles, adviser link, password reset, deactivate.

Changing a password or deactivating an account ends that user's open sessions. An admin cannot
deactivate or demote their own account (so a hub never ends up without an administrator by mistake).
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request

from hub.api.deps import HubDep
from hub.core.db import reading, writing
from hub.core.security import hash_password
from hub.crud import lockout
from hub.crud.advisers import adviser_choices
from hub.crud.records import record_by_id, record_exists
from hub.crud.users import (
    PASSWORD_MIN,
    UserError,
    create_user,
    end_sessions,
    update_user,
    users_with_advisers,
)
from hub.models.tables import ROLES, advisers, users
from hub.models.types import utcnow

from .forms import Field, text_of
from .web import AdminProblem, AdminRoute, AdminStaff, checked_form, render, see_other, translator

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/admin/users", route_class=AdminRoute, include_in_schema=False)


def _fields(t, values: dict, options, *, new: bool) -> list[Field]:
    return [
        Field("username", value=values.get("username", ""), required=new, readonly=not new),
        Field("display_name", value=values.get("display_name", "")),
        Field(
            "role",
            "select",
            values.get("role", "editor"),
            options=[(r, t(f"admin.role.{r}")) for r in ROLES],
        ),
        Field(
            "adviser_id",
            "select",
            values.get("adviser_id") or "",
            options=options,
            help="admin.help.user_adviser",
        ),
        Field(
            "password",
            "password",
            "",
            required=new,
            help="admin.help.password_new" if new else "admin.help.password_keep",
        ),
        Field("active", "checkbox", values.get("active", True)),
    ]


def _page(request, staff, conn, *, values, errors, new, status=200):
    t = translator(request)
    options = [("", "—")] + [(r.id, r.name) for r in adviser_choices(conn)]
    return render(
        request,
        "edit.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.users.new") if new else t("admin.users.edit"),
        fields=_fields(t, values, options, new=new),
        back="/admin/users",
        delete_action=None,
        action="/admin/users/new" if new else f"/admin/users/{values['id']}",
    )


@router.get("")
def user_list(request: Request, hub: HubDep, staff: AdminStaff):
    now = utcnow()
    with reading(hub.engine) as conn:
        rows = [
            {
                **row,
                "locked_until": lockout.account_locked_until(
                    conn, username=row["username"], settings=hub.settings, now=now
                ),
            }
            for row in users_with_advisers(conn)
        ]
    return render(request, "users.html", staff=staff, rows=rows)


@router.post("/{user_id}/unlock")
async def user_unlock(user_id: int, request: Request, hub: HubDep, staff: AdminStaff):
    """Lift the account's login lockout at once (every address), logged with the admin's name."""
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        row = record_by_id(conn, table=users, record_id=user_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        forgotten = lockout.unlock_account(conn, username=row["username"])
    logger.warning(
        "login lockout of user %s lifted by %s (%d failures forgotten)",
        user_id,
        staff.username,
        forgotten,
    )
    return see_other("/admin/users?done=unlocked")


def _checked(t, conn, form, *, new: bool) -> tuple[dict, dict]:
    values = {k: text_of(form, k) for k in ("username", "display_name", "role", "adviser_id")}
    values["active"] = form.get("active") == "1"
    password = str(form.get("password", ""))
    errors = {}
    if values["role"] not in ROLES:
        errors["role"] = t("record.reason.one_of", values=", ".join(ROLES))
    if values["role"] == "adviser" and not values["adviser_id"]:
        errors["adviser_id"] = t("admin.reason.adviser_needed")
    if values["adviser_id"] and not record_exists(
        conn, table=advisers, record_id=values["adviser_id"]
    ):
        errors["adviser_id"] = t("admin.reason.unknown")
    if (new or password) and len(password) < PASSWORD_MIN:
        errors["password"] = t("admin.reason.password_short", n=PASSWORD_MIN)
    if len(values["display_name"]) > 80:
        errors["display_name"] = t("record.reason.too_long", n=80)
    return {**values, "password": password}, errors


@router.get("/new")
def user_new(request: Request, hub: HubDep, staff: AdminStaff):
    with reading(hub.engine) as conn:
        return _page(
            request, staff, conn, values={"role": "editor", "active": True}, errors={}, new=True
        )


@router.post("/new")
async def user_create(request: Request, hub: HubDep, staff: AdminStaff):
    t = translator(request)
    form = await checked_form(request, staff)
    with writing(hub.engine) as conn:
        values, errors = _checked(t, conn, form, new=True)
        if not errors:
            try:
                user_id = create_user(
                    conn,
                    username=values["username"],
                    password=values["password"],
                    role=values["role"],
                    display_name=values["display_name"],
                    adviser_id=values["adviser_id"] or None,
                )
            except UserError as exc:
                status = 409 if exc.reason == "user_exists" else 422
                key = "admin.reason.user_exists" if status == 409 else "admin.reason.username"
                return _page(
                    request,
                    staff,
                    conn,
                    values=values,
                    errors={"username": t(key)},
                    new=True,
                    status=status,
                )
            update_user(conn, user_id=user_id, changes={"active": values["active"]})
            return see_other("/admin/users?done=stored")
        return _page(request, staff, conn, values=values, errors=errors, new=True, status=422)


@router.get("/{user_id}")
def user_edit(user_id: int, request: Request, hub: HubDep, staff: AdminStaff):
    with reading(hub.engine) as conn:
        row = record_by_id(conn, table=users, record_id=user_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        return _page(request, staff, conn, values=dict(row), errors={}, new=False)


@router.post("/{user_id}")
async def user_update(user_id: int, request: Request, hub: HubDep, staff: AdminStaff):
    t = translator(request)
    form = await checked_form(request, staff)
    with writing(hub.engine) as conn:
        row = record_by_id(conn, table=users, record_id=user_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        values, errors = _checked(t, conn, form, new=False)
        values["username"], values["id"] = row["username"], user_id
        if user_id == staff.id and (values["role"] != "admin" or not values["active"]):
            errors["role"] = t("admin.reason.not_yourself")
        if errors:
            return _page(request, staff, conn, values=values, errors=errors, new=False, status=422)
        changes = {
            "display_name": values["display_name"] or row["username"],
            "role": values["role"],
            "adviser_id": values["adviser_id"] or None,
            "active": values["active"],
        }
        if values["password"]:
            changes["password_hash"] = hash_password(values["password"])
        update_user(conn, user_id=user_id, changes=changes)
        if values["password"] or not values["active"] or values["role"] != row["role"]:
            end_sessions(conn, user_id=user_id)
    return see_other("/admin/users?done=stored")
