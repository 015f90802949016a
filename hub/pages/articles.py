"""``/p/articles/{id}``: a published guide for a phone, with its law references and a view count."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hub.api.deps import HubDep
from hub.core.clock import local_day
from hub.core.db import writing
from hub.crud.pages import count_view, published, view_count
from hub.pages.render import language, not_found, render

router = APIRouter(prefix="/p", include_in_schema=False)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request, hub: HubDep) -> HTMLResponse:
    with writing(hub.engine) as conn:
        article = published(conn, "articles", article_id)
        if article is None:
            return not_found(request)
        category = published(conn, "categories", article["category_id"]) or {}
        count_view(conn, kind="article", item_id=article_id, zone=hub.settings.zone)
        views = view_count(conn, kind="article", item_id=article_id)
    english = language(request) == "en" and category.get("name_en")
    name = category.get("name_en") if english else category.get("name")
    paragraphs = [p.strip() for p in article["body"].split("\n") if p.strip()]
    updated = local_day(
        datetime.fromisoformat(article["updated_at"]), hub.settings.zone
    ).isoformat()
    return render(
        request,
        "public/article.html",
        article=article,
        category=name,
        paragraphs=paragraphs,
        updated=updated,
        views=views,
    )
