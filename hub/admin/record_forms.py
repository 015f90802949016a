"""One skeleton for the admin's record forms: read the form, build the record, save, answer.

A page describes its form once (:class:`RecordForm`); :func:`save_record`, :func:`edit_record`
and :func:`delete_record` do the rest the same way for every record kind. The HTTP status comes
from the kind of refusal, never from the page:

- the content model refuses a field (:class:`~contract.records.RecordInvalid`), or the page's own
  check does (:class:`FormRefused` ``invalid``) → 422 with the form and its errors;
- a new record reuses an existing id (``taken``) → 409 with the form;
- the record being edited or deleted no longer exists (``vanished``) → the 404 page.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Connection, Table

from contract.i18n import Translator
from contract.records import RecordInvalid
from hub.core.db import reading, writing
from hub.crud.records import record_by_id

from .forms import hidden_errors, record_errors, text_of
from .web import (
    AdminProblem,
    checked_form,
    delete_by_id,
    id_taken,
    render,
    see_other,
    translator,
)


class FormRefused(Exception):
    """A page's own check refused the form (beyond the content model's).

    :param kind: ``invalid`` (422) or ``taken`` (409).
    :param errors: ``{field: readable reason}`` shown next to the inputs.
    """

    STATUS = {"invalid": 422, "taken": 409}

    def __init__(self, kind: str, errors: Mapping[str, str]) -> None:
        super().__init__(kind)
        self.kind = kind
        self.errors = dict(errors)

    @property
    def status(self) -> int:
        return self.STATUS[self.kind]


PageFn = Callable[..., Response]  # page(request, staff, *, values, errors, new, status=200)


@dataclass(frozen=True)
class RecordForm:
    """How one kind of record is edited.

    :ivar table: the table whose ``id`` column identifies a record.
    :ivar fields: the form inputs read as text.
    :ivar build: ``build(t, values, zone) -> record`` (a dict with ``id``; ``zone`` is the hub's,
        for times typed as wall clock); raises ``RecordInvalid`` or :class:`FormRefused`.
    :ivar save: ``save(conn, record)`` inside the write transaction.
    :ivar page: renders the form (see :data:`PageFn`).
    :ivar list_url: where the list is, e.g. ``/admin/categories``.
    :ivar id_prefix: a new record without an id gets ``<prefix><8 hex>``; "" means the id is required.
    :ivar shown: ``shown(row, zone) -> values`` for the edit form (default: the row as it is).
    :ivar saved_url: ``saved_url(record)`` after saving (default: the list with ``done=saved``).
    :ivar taken: ``taken(conn, record)`` names a field whose value another record already holds
        (a unique column besides the id), or returns None.
    :ivar names: fields that may hold no hidden characters (zero-width, bidi controls): 422.
    """

    table: Table
    fields: tuple[str, ...]
    build: Callable[[Translator, dict, tzinfo], dict]
    save: Callable[[Connection, dict], None]
    page: PageFn
    list_url: str
    id_prefix: str = ""
    shown: Callable[[Mapping[str, Any], tzinfo], dict] = lambda row, zone: dict(row)
    saved_url: Callable[[dict], str] | None = None
    taken: Callable[[Connection, dict], str | None] | None = None
    names: tuple[str, ...] = ()


def edit_page(
    request: Request, staff, *, kind: str, fields: list, values: dict, errors, new: bool, status=200
) -> Response:
    """The shared edit form of ``/admin/<kind>``: heading ``admin.<kind>.new|edit``, back to the
    list, save to ``/new`` or ``/<id>``, and a delete button for an existing record."""
    t = translator(request)
    base = f"/admin/{kind}"
    return render(
        request,
        "edit.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t(f"admin.{kind}.new") if new else t(f"admin.{kind}.edit"),
        fields=fields,
        back=base,
        action=f"{base}/new" if new else f"{base}/{values['id']}",
        delete_action=None if new else f"{base}/{values['id']}/delete",
    )


async def save_record(
    form: RecordForm, request: Request, hub, staff, record_id: str | None
) -> Response:
    """POST of a new (``record_id`` None) or edited record."""
    t = translator(request)
    posted = await checked_form(request, staff)
    values = {name: text_of(posted, name) for name in form.fields}
    new = record_id is None
    if not new:
        values["id"] = record_id
    elif not values.get("id") and form.id_prefix:
        values["id"] = form.id_prefix + secrets.token_hex(4)
    try:
        hidden = hidden_errors(t, values, form.names)
        if hidden:
            raise FormRefused("invalid", hidden)
        record = form.build(t, values, hub.settings.zone)
        with writing(hub.engine) as conn:
            if id_taken(conn, form.table, record["id"], new=new):
                raise FormRefused("taken", {"id": t("admin.reason.taken")})
            clash = form.taken(conn, record) if form.taken else None
            if clash:
                raise FormRefused("taken", {clash: t("admin.reason.taken")})
            form.save(conn, record)
    except RecordInvalid as exc:
        return form.page(
            request, staff, values=values, errors=record_errors(t, exc), new=new, status=422
        )
    except FormRefused as exc:
        return form.page(
            request, staff, values=values, errors=exc.errors, new=new, status=exc.status
        )
    done = form.saved_url(record) if form.saved_url else f"{form.list_url}?done=saved"
    return see_other(done)


def edit_record(form: RecordForm, request: Request, hub, staff, record_id: str) -> Response:
    """GET of one record's form; the 404 page when it does not exist."""
    with reading(hub.engine) as conn:
        row = record_by_id(conn, table=form.table, record_id=record_id)
    if row is None:
        raise AdminProblem(404, "admin.error.not_found")
    return form.page(
        request, staff, values=form.shown(row, hub.settings.zone), errors={}, new=False
    )


async def delete_record(
    form: RecordForm,
    request: Request,
    hub,
    staff,
    record_id: str,
    *,
    check: Callable[[Connection, str], None] | None = None,
) -> Response:
    """POST of the delete button; ``check(conn, id)`` may refuse (raise :class:`AdminProblem`)."""
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        if check is not None:
            check(conn, record_id)
        delete_by_id(conn, form.table, record_id)
    return see_other(f"{form.list_url}?done=deleted")
