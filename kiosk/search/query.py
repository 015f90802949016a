"""Chinese full-text search over the articles, and pinyin candidates for the on-screen keyboard.

A query is a resident's question (:mod:`kiosk.search.question` cuts it into groups of terms). Each
term is looked up in the per-field FTS5 tables (:mod:`kiosk.search.tokens`): a Chinese term as a
substring of 1, 2 or more adjacent characters, a run of letters as itself or as the content words
its pinyin (``lihun``) or initials (``lh``) spell. Any group may match (OR); a guide is ranked by

* how much of the question it covers: each group weighs its ``idf`` (rare words count more, a word
  no guide holds counts fully against every guide) times its kind (single characters and numbers
  count less), and a group counts where its best term occurs, weighted by field (title 1.0 > tags
  > summary > body) and by the term's own weight (synonyms and sub-words less than the word said);
* for a query of one group (a keyword, or one word and its synonyms), BM25 within the title and
  tags as a tie-break; a question of several groups is ordered by coverage and field alone, which
  reads each term's doclist without scoring it (four to six times cheaper);
* an exact phrase of the query (two or more characters as typed) in a field puts a guide first.

A result is a *good* match when it covers at least :data:`GOOD_COVERAGE` of the question's main
groups and holds one of them outside the body (or covers all of them); the rest are *related*
(shared weaker terms) and always come after the good ones; a guide covering less than
:data:`RELATED_COVERAGE` (one common character of a long question) is not shown at all. A term held by more than
:data:`BODY_CAP` bodies (or :data:`FIELD_CAP` titles, tags or summaries) is too common to tell
guides apart by that field, so its hits there are not counted: this keeps a question at 20,000
guides to a few thousand index rows. Snippets wrap the first match in :data:`HIGHLIGHT` marks. Anything else in
the query (FTS syntax, emoji, control characters) is dropped, so hostile input can neither raise
nor match everything.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import re
from collections.abc import Iterable

from kiosk.search.question import Group, Question, parse_question
from kiosk.search.synonyms import synonym_table
from kiosk.search.tokens import cjk_term, is_cjk, normalize

logger = logging.getLogger(__name__)

HIGHLIGHT = ("【", "】")
FIELD_WEIGHTS = {"title": 1.0, "tags": 0.8, "summary": 0.55, "body": 0.3}
PHRASE_BONUS = {"title": 2.0, "tags": 1.8, "summary": 1.5, "body": 1.2}
KIND_WEIGHTS = {"word": 1.0, "letters": 1.0, "number": 0.5, "single": 0.5}
BM25_FIELDS = ("title", "tags")
BODY_CAP = 500
FIELD_CAP = 1000
GOOD_COVERAGE = 0.6
RELATED_COVERAGE = 0.2
UNMATCHED_WEIGHT = 0.8
WHOLE = 0.999
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
    """Words spelled by ``letters`` (content and synonym words): full pinyin or initials, else a prefix."""
    db = store.db
    words: list[str] = []
    for table in ("vocabulary", "synonym_words"):
        rows = db.execute(
            f"SELECT word FROM {table} WHERE pinyin = ? OR initials = ? ORDER BY freq DESC, word LIMIT ?",
            (letters, letters, limit),
        ).fetchall()
        if not rows and len(letters) >= 2:
            rows = db.execute(
                f"SELECT word FROM {table} WHERE pinyin >= ? AND pinyin < ?"
                " ORDER BY freq DESC, word LIMIT ?",
                (letters, letters + "{", limit),
            ).fetchall()
        words.extend(r[0] for r in rows if r[0] not in words)
    return words[:limit]


def _known_words(store):
    def known(candidates: Iterable[str]) -> set[str]:
        ordered = sorted(set(candidates))[:500]
        if not ordered:
            return set()
        marks = ",".join("?" * len(ordered))
        return {
            r[0]
            for r in store.db.execute(
                f"SELECT word FROM vocabulary WHERE word IN ({marks})", ordered
            ).fetchall()
        }

    return known


def question_of(store, query: object) -> Question:
    """``query`` parsed with the store's synonyms and vocabulary, pinyin groups expanded."""
    table = synonym_table(store)
    question = parse_question(
        query, table.words, known_words=_known_words(store), article_synonyms=table.articles
    )
    for group in question.groups:
        if group.kind == "letters" and group.word.isalpha():
            for word in pinyin_words(store, group.word):
                group.add(word, 1.0)
                for target, weight in table.words.get(word, {}).items():
                    group.add(target, weight)
                group.articles.update(table.articles.get(word, ()))
    return question


def _expression(term: str) -> str:
    return cjk_term(term) if is_cjk(term) else f'"{term}"'


def _vocab_table(store, field: str) -> str:
    """A per-connection fts5vocab table over ``search_<field>``: document counts per index token."""
    name = f"vocab_{field}"
    conn = store.db.conn
    if not conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?", (name,)).fetchone():
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{name}"
            f" USING fts5vocab(main, search_{field}, 'row')"
        )
    return f"temp.{name}"


def _surely_common(store, field: str, term: str, cap: int) -> bool:
    """True when ``term`` is held by more than ``cap`` documents of ``field`` (read from the index
    statistics, not the doclists): every token of the term is that common. A phrase whose tokens
    are all common is taken as common too, which is what it nearly always is."""
    if not is_cjk(term):
        tokens = [term]
    elif len(term) == 1:
        row = store.db.conn.execute(
            f"SELECT max(doc) FROM {_vocab_table(store, field)} WHERE term >= ? AND term < ?",
            (term, term + "\U0010ffff"),
        ).fetchone()
        return bool(row and row[0] and row[0] > cap)
    else:
        tokens = [term[i : i + 2] for i in range(len(term) - 1)]
    table = _vocab_table(store, field)
    for token in tokens:
        row = store.db.conn.execute(f"SELECT doc FROM {table} WHERE term = ?", (token,)).fetchone()
        if not row or row[0] <= cap:
            return False
    return True


def _field_hits(store, field: str, term: str, top: int | None = None) -> dict[int, float] | None:
    """Document -> credit fraction in [0, 1] of ``term`` in ``field``; None when too common to read.

    With ``top``, only the best ``top`` documents of the field (by bm25 in title and tags, by
    document order elsewhere, where every hit has the same credit): enough when the question is
    one group, whose ranking is the best credit of each document. Without, every document
    holding the term (at most the field's cap) with the same middle credit.
    """
    table = f"search_{field}"
    if top is not None:
        if field in BM25_FIELDS:
            sql = f"SELECT rowid, bm25({table}) AS r FROM {table} WHERE {table} MATCH ? ORDER BY r LIMIT ?"
            rows = store.db.conn.execute(sql, (_expression(term), top)).fetchall()
            return {doc: (-b) / (1.0 - b) for doc, b in rows}
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?"
        rows = store.db.conn.execute(sql, (_expression(term), top)).fetchall()
        return dict.fromkeys((r[0] for r in rows), 0.5)
    # Every document of the term: a flat credit (BM25 would cost four to six times the reading of
    # the doclist, and with several groups coverage and field decide the order, not term weight).
    cap = BODY_CAP if field == "body" else FIELD_CAP
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?"
    rows = store.db.conn.execute(sql, (_expression(term), cap + 1)).fetchall()
    if len(rows) > cap:
        return None
    return dict.fromkeys((r[0] for r in rows), 0.5)


class _GroupHits:
    """Where one group matched: per document its best credit, coverage share and field.

    Terms are added first and folded once (:meth:`fold`): hits with one credit for every document
    (all but a one-group query's title and tags) are merged best first with set operations, so a
    question over thousands of index rows costs a few C loops instead of a Python loop per row.
    """

    def __init__(self) -> None:
        self.credit: dict[int, float] = {}
        self.share: dict[int, float] = {}
        self.strong: set[int] = set()  # documents holding the group outside the body
        self._flat: list[tuple[float, float, dict[int, float]]] = []
        self._scored: list[tuple[float, dict[int, float]]] = []

    def add(self, found: dict[int, float], term_weight: float, field: str, *, flat: bool) -> None:
        """One term's documents in one field; ``flat`` when every document has the same credit."""
        base = term_weight * FIELD_WEIGHTS[field]
        if flat:
            self._flat.append((base * 0.925, term_weight, found))
        else:
            self._scored.append((base, found))
            self._flat.append((0.0, term_weight, found))  # for the share only
        if field != "body":
            self.strong.update(found)

    def fold(self) -> _GroupHits:
        credit, share = self.credit, self.share
        for value, _weight, found in sorted(self._flat, key=lambda e: -e[0]):
            if value > 0.0:
                credit.update(dict.fromkeys(found.keys() - credit.keys(), value))
        for base, found in self._scored:  # a one-group query: at most ``limit`` rows each
            for doc, bm25 in found.items():
                value = base * (0.85 + 0.15 * bm25)
                if value > credit.get(doc, 0.0):
                    credit[doc] = value
        for _value, weight, found in sorted(self._flat, key=lambda e: -e[1]):
            share.update(dict.fromkeys(found.keys() - share.keys(), weight))
        self._flat, self._scored = [], []
        return self


def _group_hits(store, group: Group, top: int | None = None) -> _GroupHits:
    hits = _GroupHits()
    for term, weight in group.terms.items():
        for field in FIELD_WEIGHTS:
            cap = BODY_CAP if field == "body" else FIELD_CAP
            if top is not None and weight < 1.0 and _surely_common(store, field, term, cap):
                continue  # a weaker term this common cannot lift a guide into the first few
            found = _field_hits(store, field, term, top)
            if found:
                hits.add(found, weight, field, flat=top is None or field not in BM25_FIELDS)
    if group.articles:
        hits.add(dict.fromkeys(_docs_of(store, group.articles), 1.0), 1.0, "title", flat=False)
    return hits.fold()


def _docs_of(store, article_ids: Iterable[str]) -> list[int]:
    ids = sorted(article_ids)
    marks = ",".join("?" * len(ids))
    return [
        r[0]
        for r in store.db.execute(
            f"SELECT doc FROM search_docs WHERE article_id IN ({marks})", ids
        ).fetchall()
    ]


def _phrase_bonus(store, question: Question, top: int | None = None) -> dict[int, float]:
    bonus: dict[int, float] = {}
    words = {g.word for g in question.groups}
    for phrase in question.phrases:
        if phrase in words:
            continue  # one word: the field weights already rank it
        for field, extra in PHRASE_BONUS.items():
            for doc in _field_hits(store, field, phrase, top) or {}:
                bonus[doc] = max(bonus.get(doc, 0.0), extra)
    return bonus


def rank(store, question: Question, limit: int | None = None) -> list[tuple[int, float, str]]:
    """``(document, score, "good" | "related")`` for the documents any group matched, best first.

    A question of one group (a keyword, or one word and its synonyms) needs only the best
    ``limit`` documents of each term and field: the best of those lists are the best overall.
    """
    if not question.groups:
        return []
    top = limit if limit is not None and len(question.groups) == 1 else None
    total = store.db.execute("SELECT count(*) FROM search_docs").fetchone()[0] or 1
    scored: dict[int, float] = {}
    covered: dict[int, float] = {}
    strong: set[int] = set()
    main_weight = 0.0
    for group in question.groups:
        hits = _group_hits(store, group, top)
        idf = math.log(1.0 + total / (1.0 + len(hits.credit)))
        weight = KIND_WEIGHTS[group.kind] * idf * (1.0 if hits.credit else UNMATCHED_WEIGHT)
        if group.main:
            main_weight += weight
            for doc, share in hits.share.items():
                covered[doc] = covered.get(doc, 0.0) + weight * share
            strong.update(hits.strong)
        for doc, credit in hits.credit.items():
            scored[doc] = scored.get(doc, 0.0) + weight * credit
    bonus = _phrase_bonus(store, question, top)
    scale = 1.0 / (main_weight or 1.0)
    good_at = GOOD_COVERAGE * main_weight
    whole_at = WHOLE * main_weight
    related_at = RELATED_COVERAGE * main_weight
    keyed = []  # (good first, higher score first, document) — sorted once, cut to ``limit``
    for doc in set(scored) | set(bonus):
        held = covered.get(doc, 0.0)
        good = doc in bonus or (held >= good_at and (doc in strong or held >= whole_at))
        if not good and held < related_at:
            continue  # shares only a sliver of the question (one common character): no help
        keyed.append((not good, -(scored.get(doc, 0.0) * scale + bonus.get(doc, 0.0)), doc))
    chosen = heapq.nsmallest(limit, keyed) if limit is not None else sorted(keyed)
    return [(doc, round(-neg, 4), "related" if weak else "good") for weak, neg, doc in chosen]


def snippet(text: str, needles: list[str]) -> str | None:
    """A short piece of ``text`` around the first needle found, the needle wrapped in HIGHLIGHT."""
    lowered = text.lower()
    hits = [(at, n) for n in needles if n and (at := lowered.find(n)) >= 0]
    if not hits:
        return None
    at, needle = min(hits, key=lambda hit: (hit[0], -len(hit[1])))
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


def _result(row: dict, needles: list[str], score: float, match: str) -> dict:
    piece = _first_snippet(row, needles)
    if not piece:
        piece = " ".join((row["summary"] or row["body"])[: SNIPPET_BEFORE + SNIPPET_AFTER].split())
    return {
        "id": row["id"],
        "title": row["title"],
        "category": row["category"],
        "snippet": piece,
        "score": score,
        "match": match,
    }


def _needles(question: Question) -> list[str]:
    terms: dict[str, float] = {}
    for group in question.groups:
        for term, weight in group.terms.items():
            terms[term] = max(terms.get(term, 0.0), weight)
    for phrase in question.phrases:
        terms[phrase] = 2.0  # a phrase as typed is marked whole where it occurs
    return sorted(terms, key=lambda t: (-terms[t], -len(t), t))


def search(store, query: object, limit: int = 20) -> list[dict]:
    """Articles for ``query``, good matches first, then related ones.

    Rows ``{"id", "title", "category", "snippet", "score", "match"}`` where ``match`` is
    ``"good"`` or ``"related"``. Never raises for any query text; an unusable or unmatched query
    gives ``[]``.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    question = question_of(store, query)
    ranked = rank(store, question, limit)[:limit]
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    cursor = store.db.execute(
        "SELECT d.doc, a.id, a.title, a.summary, a.body, a.tags, coalesce(c.name, a.category_id)"
        " FROM search_docs d JOIN articles a ON a.id = d.article_id"
        f" LEFT JOIN categories c ON c.id = a.category_id WHERE d.doc IN ({marks})",
        [doc for doc, _score, _match in ranked],
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
    needles = _needles(question)
    return [_result(rows[d], needles, score, match) for d, score, match in ranked if d in rows]


def candidates(store, letters: object, limit: int = 20) -> list[dict]:
    """Words whose pinyin or initials start with ``letters``: rows ``{"word","pinyin","freq"}``.

    Exact spellings first, then by frequency in the content. The words are the content vocabulary
    and the synonym words that lead to it (``工钱`` → ``工资``), so every candidate finds a guide.
    """
    typed = _letters(letters)
    if not typed:
        return []
    limit = max(1, min(int(limit), MAX_LIMIT))
    end = typed + "{"
    found: dict[str, tuple[bool, int, str]] = {}
    for table in ("vocabulary", "synonym_words"):
        rows = store.db.execute(
            f"SELECT word, spaced, freq, (pinyin = ? OR initials = ?) FROM {table}"
            " WHERE (pinyin >= ? AND pinyin < ?) OR (initials >= ? AND initials < ?)"
            " ORDER BY (pinyin = ? OR initials = ?) DESC, freq DESC, word LIMIT ?",
            (typed, typed, typed, end, typed, end, typed, typed, limit),
        ).fetchall()
        for word, spaced, freq, exact in rows:
            found.setdefault(word, (bool(exact), freq, spaced))
    ordered = sorted(found, key=lambda w: (not found[w][0], -found[w][1], w))[:limit]
    return [{"word": w, "pinyin": found[w][2], "freq": found[w][1]} for w in ordered]
