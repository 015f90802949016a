"""Staff synonyms: the words residents use, mapped to the guides' words or to one guide."""

from __future__ import annotations

from sqlalchemy import Connection, RowMapping, select

from hub.models.tables import articles, synonyms
from hub.models.types import utcnow

from .records import upsert


def synonym_rows(conn: Connection) -> list[RowMapping]:
    """Every staff synonym with the title of the guide it leads to (None when it has none)."""
    query = (
        select(synonyms, articles.c.title.label("article_title"), articles.c.status)
        .select_from(synonyms.outerjoin(articles, articles.c.id == synonyms.c.article_id))
        .order_by(synonyms.c.word)
    )
    return list(conn.execute(query).mappings())


def synonym_id_for(conn: Connection, word: str) -> str | None:
    """The id of the synonym for ``word``, if staff already have one."""
    return conn.execute(select(synonyms.c.id).where(synonyms.c.word == word)).scalar()


def save_synonym(conn: Connection, record: dict, *, note: str = "") -> None:
    upsert(
        conn,
        synonyms,
        {
            "id": record["id"],
            "word": record["word"],
            "targets": record["targets"],
            "article_id": record["article_id"] or None,
            "weight": record["weight"],
            "note": note[:200],
            "updated_at": utcnow(),
        },
    )


def published_synonyms(conn: Connection) -> list[RowMapping]:
    """Synonyms to publish: a guide link counts only while that guide is published."""
    query = (
        select(synonyms, articles.c.status.label("article_status"))
        .select_from(synonyms.outerjoin(articles, articles.c.id == synonyms.c.article_id))
        .order_by(synonyms.c.id)
    )
    return list(conn.execute(query).mappings())


def published_article_choices(conn: Connection) -> list[tuple[str, str]]:
    """``(id, title)`` of every published guide, by title (the form's guide list)."""
    query = (
        select(articles.c.id, articles.c.title)
        .where(articles.c.status == "published")
        .order_by(articles.c.title, articles.c.id)
    )
    return [(r.id, r.title) for r in conn.execute(query)]
