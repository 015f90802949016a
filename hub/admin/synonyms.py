"""``/admin/synonyms``: the words residents use, mapped to the guides' words or straight to a guide.

Terminals ship a seed list (:data:`contract.search_words.SEED_SYNONYMS`); what staff add here is
published and synced with the content like every other record and extends the seed. The reports
link every zero- and low-result search here (``/admin/synonyms/new?word=…``), so a failed search
becomes a word the next resident's question finds.
"""

from __future__ import annotations

import re
from datetime import tzinfo

from fastapi import APIRouter, Request

from contract.records import validate_record
from contract.search_words import SEED_SYNONYMS
from hub.api.deps import HubDep
from hub.core.db import reading
from hub.crud.publish import iso
from hub.crud.synonyms import (
    published_article_choices,
    save_synonym,
    synonym_id_for,
    synonym_rows,
)
from hub.models.tables import synonyms
from hub.models.types import utcnow

from .forms import Field, split_list
from .record_forms import FormRefused, RecordForm, edit_page
from .record_routes import add_record_routes
from .web import AdminRoute, EditorStaff, render, translator

router = APIRouter(prefix="/admin/synonyms", route_class=AdminRoute, include_in_schema=False)
FIELDS = ("id", "word", "targets", "article_id", "weight", "note")
_NOT_A_WORD = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
MAX_SUGGESTED = 20


def suggested_word(search: str) -> str:
    """A starting point for the word field from a resident's search: its letters and characters."""
    return _NOT_A_WORD.sub("", search)[:MAX_SUGGESTED]


def _fields(t, values: dict, *, new: bool, guides: list[tuple[str, str]]) -> list[Field]:
    return [
        Field("word", value=values.get("word", ""), required=True, help="admin.help.synonym_word"),
        Field("targets", value=values.get("targets", ""), help="admin.help.synonym_targets"),
        Field(
            "article_id",
            "select",
            values.get("article_id", ""),
            options=[("", t("admin.synonyms.no_guide"))] + guides,
            help="admin.help.synonym_article",
        ),
        Field(
            "weight", "number", values.get("weight", "0.9"), step="0.1", help="admin.help.weight"
        ),
        Field("note", value=values.get("note", ""), help="admin.help.synonym_note"),
    ]


def _page(request, staff, *, values, errors, new, status=200):
    t = translator(request)
    with reading(request.app.state.hub.engine) as conn:
        guides = published_article_choices(conn)
    return edit_page(
        request,
        staff,
        kind="synonyms",
        fields=_fields(t, values, new=new, guides=guides),
        values=values,
        errors=errors,
        new=new,
        status=status,
    )


@router.get("")
def synonym_list(request: Request, hub: HubDep, staff: EditorStaff):
    with reading(hub.engine) as conn:
        rows = synonym_rows(conn)
    seed = sorted(SEED_SYNONYMS.items())
    return render(request, "synonyms.html", staff=staff, rows=rows, seed=seed)


@router.get("/new")
def synonym_new(request: Request, staff: EditorStaff, word: str = "", search: str = ""):
    values = {"word": suggested_word(word or search), "weight": "0.9"}
    if search:
        values["note"] = translator(request)("admin.synonyms.from_search", query=search[:100])
    return _page(request, staff, values=values, errors={}, new=True)


def _weight(t, text: str) -> float:
    try:
        return float(text or "0.9")
    except ValueError:
        raise FormRefused("invalid", {"weight": t("record.reason.number")}) from None


def _build(t, values: dict, zone: tzinfo) -> dict:
    record = validate_record(
        "synonyms",
        {
            "id": values["id"],
            "word": values["word"],
            "targets": split_list(values["targets"]),
            "article_id": values["article_id"],
            "weight": _weight(t, values["weight"]),
            "updated_at": iso(utcnow()),
        },
    )
    return {**record, "note": values.get("note", "")}


def _save(conn, record: dict) -> None:
    save_synonym(conn, record, note=record["note"])


def _word_taken(conn, record: dict) -> str | None:
    """``word`` when another synonym already has this word (one row per word)."""
    holder = synonym_id_for(conn, record["word"])
    return "word" if holder not in (None, record["id"]) else None


def _shown(row, zone: tzinfo) -> dict:
    return {
        **row,
        "targets": "，".join(row["targets"] or []),
        "article_id": row["article_id"] or "",
        "weight": f"{row['weight']:g}",
    }


FORM = RecordForm(
    table=synonyms,
    fields=FIELDS,
    build=_build,
    save=_save,
    page=_page,
    list_url="/admin/synonyms",
    id_prefix="s-",
    shown=_shown,
    taken=_word_taken,
)


add_record_routes(router, FORM, EditorStaff)
