"""Chinese full-text search over the articles, and pinyin candidates for the on-screen keyboard.

How a query is matched (see :mod:`kiosk.search.tokens` for the index):

* each run of Chinese characters must occur as a substring (1, 2 or more characters);
* a run of ASCII letters matches the word itself *or* the content words whose pinyin
  (``lihun``) or initials (``lh``) it spells, taken from the vocabulary table — so pinyin only
  ever expands into words that exist in the content;
* several runs must all match (AND).

Each field has its own FTS5 table. Results are ranked by the best field that holds every term —
title, then tags, then summary, then body, then "spread over several fields" — and by FTS5's
bm25 within a field; a field's query runs only while fewer than ``limit`` results are found. ``score`` is
that tier (4 … 0) plus a bm25 fraction in [0, 1). Snippets wrap the first match in
:data:`HIGHLIGHT` marks. Anything else in the query (FTS syntax, emoji, control characters) is
dropped, so hostile input can neither raise nor match everything.
"""

from __future__ import annotations

import json
import logging
import re

from kiosk.search.tokens import cjk_term, is_cjk, normalize, query_runs

logger = logging.getLogger(__name__)

HIGHLIGHT = ("【", "】")
TIERS = (("title", 4), ("tags", 3), ("summary", 2), ("body", 1))
MAX_LIMIT = 100
PINYIN_EXPANSION = 8
SNIPPET_BEFORE = 16
SNIPPET_AFTER = 34
MAX_LETTERS = 32
_LETTERS_RE = re.compile(r"[^a-z]")


def _letters(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return _LETTERS_RE.sub("", normalize(value[: MAX_LETTERS * 4]))[:MAX_LETTERS]


def pinyin_words(store, letters: str, limit: int = PINYIN_EXPANSION) -> list[str]:
    """Content words spelled by ``letters``: exact full pinyin or initials, else pinyin prefix."""
    db = store.db
    rows = db.execute(
        "SELECT word FROM vocabulary WHERE pinyin = ? OR initials = ? ORDER BY freq DESC, word LIMIT ?",
        (letters, letters, limit),
    ).fetchall()
    if not rows and len(letters) >= 2:
        rows = db.execute(
            "SELECT word FROM vocabulary WHERE pinyin >= ? AND pinyin < ? ORDER BY freq DESC, word LIMIT ?",
            (letters, letters + "{", limit),
        ).fetchall()
    return [r[0] for r in rows]


def _terms(store, query: object) -> tuple[list[str], list[str]]:
    """One FTS5 expression per query run (all must match), and the strings to highlight."""
    expressions, needles = [], []
    for run in query_runs(query):
        if is_cjk(run):
            expressions.append(cjk_term(run))
            needles.append(run)
            continue
        words = pinyin_words(store, run) if run.isalpha() else []
        expressions.append("(" + " OR ".join([f'"{run}"'] + [cjk_term(w) for w in words]) + ")")
        needles.extend(words + [run])
    return expressions, needles


def _field_hits(store, field: str, match: str, limit: int) -> list[tuple[int, float]]:
    # bm25() sorted by SQLite itself: the same order and values as FTS5's "ORDER BY rank", but
    # without the nested statement FTS5 prepares for rank queries (about a third faster).
    return store.db.conn.execute(
        f"SELECT rowid, bm25(search_{field}) AS r FROM search_{field}"
        f" WHERE search_{field} MATCH ? ORDER BY r LIMIT ?",
        (match, limit),
    ).fetchall()


def _spread_hits(store, expressions: list[str], exclude: set[int]) -> list[int]:
    """Documents where every term occurs in some field, but not all in one field (score tier 0)."""
    common: set[int] | None = None
    for expression in expressions:
        docs: set[int] = set()
        for field, _ in TIERS:
            docs.update(
                r[0]
                for r in store.db.execute(
                    f"SELECT rowid FROM search_{field} WHERE search_{field} MATCH ?", (expression,)
                )
            )
        common = docs if common is None else common & docs
        if not common:
            return []
    return sorted((common or set()) - exclude)


def _ranked_docs(store, expressions: list[str], limit: int) -> dict[int, float]:
    """Document numbers best first: by the best field holding every term, then bm25 in that field."""
    match = " AND ".join(expressions)
    found: dict[int, float] = {}
    for field, tier in TIERS:
        for doc, bm25 in _field_hits(store, field, match, limit + len(found)):
            if doc not in found and len(found) < limit:
                found[doc] = round(tier + (-bm25) / (1.0 - bm25), 4)
        if len(found) >= limit:
            return found
    if len(expressions) > 1:
        for doc in _spread_hits(store, expressions, set(found))[: limit - len(found)]:
            found[doc] = 0.0
    return found


def snippet(text: str, needles: list[str]) -> str | None:
    """A short piece of ``text`` around the first needle found, the needle wrapped in HIGHLIGHT."""
    lowered = text.lower()
    hits = [(at, n) for n in needles if n and (at := lowered.find(n)) >= 0]
    if not hits:
        return None
    at, needle = min(hits)
    start, end = max(0, at - SNIPPET_BEFORE), min(len(text), at + len(needle) + SNIPPET_AFTER)
    before, match, after = text[start:at], text[at : at + len(needle)], text[at + len(needle) : end]
    flat = "".join(
        (
            "…" if start > 0 else "",
            before,
            HIGHLIGHT[0],
            match,
            HIGHLIGHT[1],
            after,
            "…" if end < len(text) else "",
        )
    )
    return " ".join(flat.split())


def _first_snippet(row: dict, needles: list[str]) -> str | None:
    for text in (row["summary"], row["body"], row["title"]):
        piece = snippet(text or "", needles)
        if piece:
            return piece
    # the tags last, decoded only when no other field holds a needle
    return snippet(" ".join(json.loads(row["tags"] or "[]")), needles)


def _result(row: dict, needles: list[str], score: float) -> dict:
    piece = _first_snippet(row, needles)
    if not piece:
        piece = " ".join((row["summary"] or row["body"])[: SNIPPET_BEFORE + SNIPPET_AFTER].split())
    return {
        "id": row["id"],
        "title": row["title"],
        "category": row["category"],
        "snippet": piece,
        "score": score,
    }


def search(store, query: object, limit: int = 20) -> list[dict]:
    """Articles matching ``query``, best first: rows ``{"id","title","category","snippet","score"}``.

    Never raises for any query text; an unusable or unmatched query gives ``[]``.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    expressions, needles = _terms(store, query)
    if not expressions:
        return []
    scores = _ranked_docs(store, expressions, limit)
    if not scores:
        return []
    marks = ",".join("?" * len(scores))
    cursor = store.db.execute(
        "SELECT d.doc, a.id, a.title, a.summary, a.body, a.tags, coalesce(c.name, a.category_id)"
        " FROM search_docs d JOIN articles a ON a.id = d.article_id"
        f" LEFT JOIN categories c ON c.id = a.category_id WHERE d.doc IN ({marks})",
        list(scores),
    )
    rows = {}
    for doc, article_id, title, summary, body, tags, category in cursor.fetchall():
        rows[doc] = {
            "id": article_id,
            "title": title,
            "summary": summary,
            "body": body,
            "tags": tags,
            "category": category,
        }
    ordered = sorted(scores, key=lambda doc: -scores[doc])
    return [_result(rows[doc], needles, scores[doc]) for doc in ordered if doc in rows]


def candidates(store, letters: object, limit: int = 20) -> list[dict]:
    """Content words whose pinyin or initials start with ``letters``: rows ``{"word","pinyin","freq"}``.

    Exact spellings first, then by frequency in the content. Only words of the content exist
    in the vocabulary, so every candidate leads to at least one article.
    """
    typed = _letters(letters)
    if not typed:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    end = typed + "{"
    rows = store.db.execute(
        "SELECT word, spaced, freq FROM vocabulary"
        " WHERE (pinyin >= ? AND pinyin < ?) OR (initials >= ? AND initials < ?)"
        " ORDER BY (pinyin = ? OR initials = ?) DESC, freq DESC, word LIMIT ?",
        (typed, end, typed, end, typed, typed, limit),
    ).fetchall()
    return [{"word": w, "pinyin": p, "freq": f} for w, p, f in rows]
