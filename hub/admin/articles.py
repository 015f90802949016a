"""``/admin/articles``: list with filters, create, edit (draft/published), media upload, delete."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from contract.i18n import LANGUAGES, Translator
from contract.laws import LAW_STATUSES, known_law
from contract.records import MAX_MEDIA_BYTES, RecordInvalid, validate_record
from hub.api.deps import HubDep, StaffUser
from hub.core.db import reading, writing
from hub.crud.articles import (
    article_page,
    article_query,
    category_options,
    media_rows,
    write_article,
)
from hub.crud.institutions import count_rows
from hub.crud.publish import iso
from hub.crud.records import record_by_id, record_exists
from hub.models.tables import articles, categories
from hub.models.types import utcnow

from . import media_store
from .forms import Field, record_errors, split_list, text_of
from .record_forms import FormRefused
from .web import (
    AdminProblem,
    AdminRoute,
    EditorStaff,
    checked_form,
    delete_by_id,
    id_taken,
    page_window,
    render,
    see_other,
    translator,
)

router = APIRouter(prefix="/admin/articles", route_class=AdminRoute, include_in_schema=False)
STATUSES = ("draft", "published")


def status_words(t) -> dict[str, str]:
    """What staff may type for a law's status: the code or its label in either language."""
    words = {code: code for code in LAW_STATUSES}
    for language in LANGUAGES:
        other = Translator(language)
        words.update({other(f"admin.law_status.{code}"): code for code in LAW_STATUSES})
    return words


def parse_law_refs(text: str, words: dict[str, str] | None = None) -> list[dict]:
    """One reference per line: ``law | article | status | effective``, all but the law optional.

    ``中华人民共和国民法典 | 第一千零七十六条``; ``某某条例 | 第五条 | 已修正 | 2024-03-01``. A part
    after the article that looks like a date is the effective date, any other is the status
    (``words`` maps what staff type to a code of :data:`contract.laws.LAW_STATUSES`; an unknown
    word is passed on, so the content model refuses it with its reason).
    """
    refs = []
    for line in (text or "").splitlines():
        parts = [part.strip() for part in line.replace("｜", "|").split("|")]
        if not parts[0]:
            continue
        ref = {"law": parts[0], "article": parts[1] if len(parts) > 1 else ""}
        for part in filter(None, parts[2:]):
            if part[:1].isdigit():  # a date, right or wrong: the model checks it
                ref["effective"] = part
            else:
                ref["status"] = (words or {}).get(part, part)
        refs.append(ref)
    return refs


def law_refs_text(refs: list[dict], t=None) -> str:
    """The form's text of stored refs; status and date only where they differ from the law table."""
    lines = []
    for ref in refs or []:
        known = known_law(ref["law"])
        usual = (known.status, known.effective) if known else ("in_force", "")
        parts = [ref["law"], ref.get("article", "")]
        given = (ref.get("status") or usual[0], ref.get("effective") or usual[1])
        if given != usual:
            status = t(f"admin.law_status.{given[0]}") if t else given[0]
            parts += [status, given[1]]
        lines.append(" | ".join(parts).rstrip(" |"))
    return "\n".join(lines)


def _fields(t, values: dict, options: list, *, new: bool) -> list[Field]:
    return [
        Field("id", value=values.get("id", ""), readonly=not new, help="admin.help.id"),
        Field("title", value=values.get("title", ""), required=True),
        Field(
            "category_id", "select", values.get("category_id", ""), options=options, required=True
        ),
        Field(
            "status",
            "select",
            values.get("status", "draft"),
            options=[(s, t(f"admin.status.{s}")) for s in STATUSES],
        ),
        Field("summary", "textarea", values.get("summary", ""), rows=3),
        Field("body", "textarea", values.get("body", ""), rows=14, required=True),
        Field("tags", value=values.get("tags", ""), help="admin.help.list"),
        Field(
            "law_refs", "textarea", values.get("law_refs", ""), rows=3, help="admin.help.law_refs"
        ),
        Field("review_by", "date", values.get("review_by", ""), help="admin.help.review_by"),
        Field("upload", "file", "", help="admin.help.upload", accept="image/*,audio/*,video/mp4"),
    ]


def _page(request, staff, conn, *, values, errors, new, media_rows, status=200):
    t = translator(request)
    article_id = values.get("id", "")
    return render(
        request,
        "article_form.html",
        staff=staff,
        http_status=status,
        errors=errors,
        heading=t("admin.articles.new") if new else t("admin.articles.edit"),
        fields=_fields(t, values, category_options(conn), new=new),
        action="/admin/articles/new" if new else f"/admin/articles/{article_id}",
        back="/admin/articles",
        multipart=True,
        media_rows=media_rows,
        delete_action=None if new else f"/admin/articles/{article_id}/delete",
    )


@router.get("")
def article_list(request: Request, hub: HubDep, staff: EditorStaff):
    q, category, status = (
        request.query_params.get(k, "").strip() for k in ("q", "category", "status")
    )
    query = article_query(q=q, category=category, status=status if status in STATUSES else "")
    with reading(hub.engine) as conn:
        window = page_window(request, count_rows(conn, query=query))
        rows = article_page(conn, query=query, limit=window.size, offset=window.offset)
        options = category_options(conn)
    return render(
        request,
        "articles.html",
        staff=staff,
        rows=rows,
        window=window,
        q=q,
        category=category,
        status=status,
        categories=options,
        statuses=STATUSES,
    )


def _values_from(form) -> dict:
    return {
        k: text_of(form, k)
        for k in (
            "id",
            "title",
            "category_id",
            "status",
            "summary",
            "body",
            "tags",
            "law_refs",
            "review_by",
        )
    }


def _validate(conn, t, values: dict, media_ids: list[str]) -> tuple[dict | None, dict]:
    record = {
        "id": values["id"],
        "category_id": values["category_id"],
        "title": values["title"],
        "summary": values["summary"],
        "body": values["body"],
        "tags": split_list(values["tags"]),
        "law_refs": parse_law_refs(values["law_refs"], status_words(t)),
        "media": media_ids,
        "status": "published",
        "review_by": values["review_by"],
        "updated_at": iso(utcnow()),
    }
    if values["status"] not in STATUSES:
        return None, {"status": t("record.reason.one_of", values=", ".join(STATUSES))}
    try:
        record = validate_record("articles", record)
    except RecordInvalid as exc:
        return None, record_errors(t, exc)
    if not record_exists(conn, table=categories, record_id=record["category_id"]):
        return None, {"category_id": t("admin.reason.unknown")}
    return record, {}


async def _upload(request, conn, form, hub) -> tuple[str | None, dict]:
    upload = form.get("upload")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, {}
    data = await upload.read(MAX_MEDIA_BYTES + 1)
    try:
        return media_store.store(
            conn, media_dir=hub.settings.media_dir, data=data, name=upload.filename
        ), {}
    except media_store.MediaRefused as exc:
        return None, {"upload": translator(request)(exc.key, **exc.values)}


async def _save(request: Request, hub, staff: StaffUser, article_id: str | None):
    t = translator(request)
    form = await checked_form(request, staff)
    values = _values_from(form)
    new = article_id is None
    with writing(hub.engine) as conn:
        existing = None if new else record_by_id(conn, table=articles, record_id=article_id)
        if not new and existing is None:
            raise AdminProblem(404, "admin.error.not_found")
        if new:
            values["id"] = values["id"] or "a-" + secrets.token_hex(4)
        else:
            values["id"] = article_id
        kept = [
            m for m in (existing["media"] if existing else []) if m in form.getlist("keep_media")
        ]
        sha, errors = await _upload(request, conn, form, hub)
        media_ids = kept + ([sha] if sha and sha not in kept else [])
        record, more = _validate(conn, t, values, media_ids)
        errors.update(more)
        refusal = FormRefused("invalid", errors) if errors else None
        if refusal is None and id_taken(conn, articles, values["id"], new=new):
            refusal = FormRefused("taken", {"id": t("admin.reason.taken")})
        if refusal is not None:  # the status comes from the kind, never from the text
            errors, status = refusal.errors, refusal.status
            return _page(
                request,
                staff,
                conn,
                values=values,
                errors=errors,
                new=new,
                media_rows=media_rows(conn, ids=media_ids),
                status=status,
            )
        write_article(
            conn, record=record, status=values["status"], author_id=staff.id, existing=existing
        )
    return see_other(f"/admin/articles/{record['id']}?done=saved")


@router.get("/new")
def article_new(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        return _page(
            request, staff, conn, values={"status": "draft"}, errors={}, new=True, media_rows=[]
        )


@router.post("/new")
async def article_create(request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, None)


@router.get("/{article_id}")
def article_edit(article_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        row = record_by_id(conn, table=articles, record_id=article_id)
        if row is None:
            raise AdminProblem(404, "admin.error.not_found")
        values = {
            **row,
            "tags": "，".join(row["tags"]),
            "law_refs": law_refs_text(row["law_refs"], translator(request)),
            "review_by": row["review_by"].isoformat() if row["review_by"] else "",
        }
        return _page(
            request,
            staff,
            conn,
            values=values,
            errors={},
            new=False,
            media_rows=media_rows(conn, ids=row["media"]),
        )


@router.post("/{article_id}")
async def article_update(article_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    return await _save(request, hub, staff, article_id)


@router.post("/{article_id}/delete")
async def article_delete(article_id: str, request: Request, hub: HubDep, staff: EditorStaff):
    await checked_form(request, staff)
    with writing(hub.engine) as conn:
        delete_by_id(conn, articles, article_id)
    return see_other("/admin/articles?done=deleted")
