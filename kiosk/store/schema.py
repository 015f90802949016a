"""Schema of ``content.db`` as sqlite-utils :class:`~sqlite_utils.migrations.Migrations`.

A new schema change is a new decorated function at the end; applied ones are never edited.
"""

from __future__ import annotations

import json

from sqlite_utils.migrations import Migrations

migrations = Migrations("kiosk.content")
SEARCH_FIELDS = ("title", "tags", "summary", "body")


@migrations()
def m001_content_tables(db) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["categories"].create(
        {"id": str, "name": str, "name_en": str, "icon": str, "sort": int}, pk="id"
    )
    db["articles"].create(
        {
            "id": str,
            "category_id": str,
            "title": str,
            "summary": str,
            "body": str,
            "tags": str,
            "law_refs": str,
            "media": str,
            "status": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["articles"].create_index(["category_id"])
    db["institutions"].create(
        {
            "id": str,
            "type": str,
            "name": str,
            "address": str,
            "district": str,
            "lat": float,
            "lng": float,
            "datum": str,
            "phone": str,
            "hours": str,
            "services": str,
            "updated_at": str,
            # WGS-84 copy of the position, NULL for "address only"; distances use these.
            "lat_w": float,
            "lng_w": float,
        },
        pk="id",
    )
    db["institutions"].create_index(["type"])
    db["institutions"].create_index(["lat_w", "lng_w"])
    db["advisers"].create(
        {
            "id": str,
            "name": str,
            "title": str,
            "institution_id": str,
            "serves": str,
            "duty_hours": str,
            "phone": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["announcements"].create(
        {"id": str, "title": str, "body": str, "starts_at": str, "ends_at": str, "updated_at": str},
        pk="id",
    )
    db["media"].create({"id": str, "mime": str, "size": int, "name": str}, pk="id")


@migrations()
def m002_search_index(db) -> None:
    db.execute(
        "CREATE TABLE search_docs (doc INTEGER PRIMARY KEY, article_id TEXT NOT NULL UNIQUE)"
    )
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "title, tags, summary, body, prefix='1', tokenize='unicode61 remove_diacritics 0')"
    )
    db["vocabulary"].create(
        {"word": str, "pinyin": str, "initials": str, "spaced": str, "freq": int},
        pk="word",
    )
    db["vocabulary"].create_index(["pinyin"])
    db["vocabulary"].create_index(["initials"])
    db.execute(
        "CREATE TABLE article_words (article_id TEXT NOT NULL, word TEXT NOT NULL, n INTEGER NOT NULL,"
        " PRIMARY KEY (article_id, word)) WITHOUT ROWID"
    )


@migrations()
def m003_covering_position_index(db) -> None:
    # nearby() reads (lat_w, lng_w, type, rowid) from the index alone, then fetches only the winners.
    db.execute("DROP INDEX IF EXISTS idx_institutions_lat_w_lng_w")
    db.execute("CREATE INDEX idx_institutions_position ON institutions (lat_w, lng_w, type)")


@migrations()
def m004_search_table_per_field(db) -> None:
    """Replace the one all-fields FTS5 table by one per field, re-indexing the articles held.

    A title-only doclist is a fraction of an all-fields one, so the title and tags tiers of a
    search stay fast even for words that occur in most bodies.
    """
    from kiosk.search.tokens import index_tokens

    db.execute("DROP TABLE IF EXISTS search_fts")
    for field in SEARCH_FIELDS:
        db.execute(
            f"CREATE VIRTUAL TABLE search_{field} USING fts5("
            "tokens, prefix='1', tokenize='unicode61 remove_diacritics 0')"
        )
    rows = db.execute(
        "SELECT d.doc, a.title, a.tags, a.summary, a.body FROM search_docs d"
        " JOIN articles a ON a.id = d.article_id"
    ).fetchall()
    for doc, title, tags, summary, body in rows:
        texts = {
            "title": title,
            "tags": " \n ".join(json.loads(tags or "[]")),
            "summary": summary,
            "body": body,
        }
        for field in SEARCH_FIELDS:
            db.execute(
                f"INSERT INTO search_{field} (rowid, tokens) VALUES (?, ?)",
                (doc, index_tokens(texts[field] or "")),
            )


@migrations()
def m005_article_review_by(db) -> None:
    """Articles carry the date by which staff should review them ("" when none was set)."""
    db["articles"].add_column("review_by", str, not_null_default="")


@migrations()
def m006_synonyms(db) -> None:
    """Staff synonyms (a content collection) and the synonym words the keyboard offers."""
    db["synonyms"].create(
        {
            "id": str,
            "word": str,
            "targets": str,
            "article_id": str,
            "weight": float,
            "updated_at": str,
        },
        pk="id",
    )
    db["synonyms"].create_index(["word"])
    db["synonym_words"].create(
        {"word": str, "pinyin": str, "initials": str, "spaced": str, "freq": int},
        pk="word",
    )
    db["synonym_words"].create_index(["pinyin"])
    db["synonym_words"].create_index(["initials"])
    from kiosk.search.synonyms import refresh_synonym_words

    refresh_synonym_words(db.conn)


@migrations()
def m007_category_highlights(db) -> None:
    """Each category's hot questions and most-read guide ids (JSON lists; NULL reads as [])."""
    db["categories"].add_column("hot_questions", str)
    db["categories"].add_column("popular", str)


def article_index_texts(title: str, tags: list[str], summary: str, body: str) -> dict[str, str]:
    """The text of each search field of an article, exactly as it is tokenised for the index.

    One function for indexing and for taking an article out again: the contentless index can
    only delete a row given the same tokens it was given (m013).
    """
    return {"title": title, "tags": " \n ".join(tags), "summary": summary, "body": body}


@migrations()
def m013_contentless_index(db) -> None:
    """A third of the file: the search tables keep no copy of their tokens, the vocabulary
    bookkeeping is one row per article.

    The per-field FTS5 tables become contentless (``content=''``): the index itself (doclists,
    positions, sizes) is all a search reads, and the tokens are derived from the article row,
    which the store keeps anyway. Taking an article out issues FTS5's ``delete`` command with
    its tokens recomputed from that row. ``article_words`` (one row per article and word, about
    a quarter of the file) becomes ``article_vocab``, one JSON object of word counts per article.
    """
    from kiosk.search.tokens import index_tokens

    rows = db.execute(
        "SELECT d.doc, a.title, a.tags, a.summary, a.body FROM search_docs d"
        " JOIN articles a ON a.id = d.article_id"
    ).fetchall()
    for field in SEARCH_FIELDS:
        db.execute(f"DROP TABLE IF EXISTS search_{field}")
        db.execute(
            f"CREATE VIRTUAL TABLE search_{field} USING fts5("
            "tokens, content='', prefix='1', tokenize='unicode61 remove_diacritics 0')"
        )
    for doc, title, tags, summary, body in rows:
        texts = article_index_texts(title, json.loads(tags or "[]"), summary or "", body or "")
        for field in SEARCH_FIELDS:
            db.execute(
                f"INSERT INTO search_{field} (rowid, tokens) VALUES (?, ?)",
                (doc, index_tokens(texts[field])),
            )
    db.execute("CREATE TABLE article_vocab (article_id TEXT PRIMARY KEY, words TEXT NOT NULL)")
    counts: dict[str, dict[str, int]] = {}
    for article_id, word, n in db.execute("SELECT article_id, word, n FROM article_words"):
        counts.setdefault(article_id, {})[word] = n
    db.conn.executemany(
        "INSERT INTO article_vocab (article_id, words) VALUES (?, ?)",
        [(a, json.dumps(w, ensure_ascii=False, separators=(",", ":"))) for a, w in counts.items()],
    )
    db.execute("DROP TABLE article_words")


@migrations()
def m014_sync_cursor(db) -> None:
    """Pages of a large content update, verified, waiting until the last one is in.

    Each row is one signed page exactly as the hub sent it (body and signature) with its place
    in the change set; the cursor to resume from is the ``next`` of the last row. Nothing here is
    shown: the content tables change only when every page is in (:mod:`kiosk.store.staging`).
    """
    db.execute(
        "CREATE TABLE sync_pages (seq INTEGER PRIMARY KEY, since INTEGER NOT NULL,"
        " version INTEGER NOT NULL, after TEXT, next TEXT NOT NULL, body BLOB NOT NULL,"
        " signature TEXT NOT NULL)"
    )
