"""Keeps the search index and the keyboard vocabulary in step with the articles.

Called by :meth:`kiosk.store.ContentStore.apply`, only for the articles an update touches.
The slow part — jieba segmentation, index tokens and pinyin spellings — is done by
:func:`prepare_article` *before* the write transaction opens; :class:`IndexUpdate` then only
writes rows inside it. ``article_vocab`` remembers each article's word counts so a changed or
deleted article takes exactly its own words back out of the vocabulary. The search tables are
contentless (schema ``m013``): an article leaves them by FTS5's ``delete`` command with its
tokens recomputed from the article row still held, by the same function that indexed it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from kiosk.search.tokens import index_tokens
from kiosk.search.words import count_words, is_vocabulary_word, spell
from kiosk.store.schema import SEARCH_FIELDS, article_index_texts


@dataclass(frozen=True)
class PreparedArticle:
    """An article with everything the index needs computed: no database work left but writes."""

    article: dict
    tokens: dict[str, str]  # search field -> token string for its FTS5 table
    words: Counter  # vocabulary word -> count in this article
    spellings: dict[str, tuple[str, str, str]]  # vocabulary word -> spell(word)


def prepare_article(article: dict) -> PreparedArticle:
    """Tokens, word counts and spellings of a (validated) article; call outside the transaction."""
    texts = article_index_texts(
        article["title"], article["tags"], article["summary"], article["body"]
    )
    words = count_words(article["title"], article["summary"], article["body"])
    for tag in article["tags"]:
        if is_vocabulary_word(tag):
            words[tag] += 1
    return PreparedArticle(
        article=article,
        tokens={field: index_tokens(texts[field]) for field in SEARCH_FIELDS},
        words=words,
        spellings={word: spell(word) for word in words},
    )


class IndexUpdate:
    """Search-index and vocabulary changes of one transaction on connection ``conn``."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.delta: Counter = Counter()
        self.spellings: dict[str, tuple[str, str, str]] = {}

    def remove(self, article_id: str) -> None:
        """Take an article out of the index and its words out of the vocabulary.

        Call before the article's row is replaced or deleted: its tokens are recomputed from it.
        """
        row = self.conn.execute(
            "SELECT d.doc, a.title, a.tags, a.summary, a.body FROM search_docs d"
            " LEFT JOIN articles a ON a.id = d.article_id WHERE d.article_id = ?",
            (article_id,),
        ).fetchone()
        if row is not None:
            doc, title, tags, summary, body = row
            if title is None:
                raise RuntimeError(f"article {article_id} is indexed but its row is gone")
            texts = article_index_texts(title, json.loads(tags or "[]"), summary, body)
            for field in SEARCH_FIELDS:
                self.conn.execute(
                    f"INSERT INTO search_{field} (search_{field}, rowid, tokens)"
                    " VALUES ('delete', ?, ?)",
                    (doc, index_tokens(texts[field])),
                )
            self.conn.execute("DELETE FROM search_docs WHERE doc = ?", (doc,))
        held = self.conn.execute(
            "SELECT words FROM article_vocab WHERE article_id = ?", (article_id,)
        ).fetchone()
        if held is not None:
            self.delta.subtract(json.loads(held[0]))
            self.conn.execute("DELETE FROM article_vocab WHERE article_id = ?", (article_id,))

    def add(self, prepared: PreparedArticle) -> None:
        """Index a prepared article; call :meth:`remove` first if it was indexed before."""
        article_id = prepared.article["id"]
        cursor = self.conn.execute("INSERT INTO search_docs (article_id) VALUES (?)", (article_id,))
        for field in SEARCH_FIELDS:
            self.conn.execute(
                f"INSERT INTO search_{field} (rowid, tokens) VALUES (?, ?)",
                (cursor.lastrowid, prepared.tokens[field]),
            )
        self.conn.execute(
            "INSERT INTO article_vocab (article_id, words) VALUES (?, ?)",
            (article_id, json.dumps(prepared.words, ensure_ascii=False, separators=(",", ":"))),
        )
        self.delta.update(prepared.words)
        self.spellings.update(prepared.spellings)

    def finish(self) -> None:
        """Write the collected vocabulary changes."""
        changes = [(word, n) for word, n in self.delta.items() if n]
        rows = []
        for word, n in changes:
            spelling = self.spellings.get(word) or spell(word)  # removed words: rarely needed
            rows.append((word, *spelling, n))
        self.conn.executemany(
            "INSERT INTO vocabulary (word, pinyin, initials, spaced, freq) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(word) DO UPDATE SET freq = freq + excluded.freq",
            rows,
        )
        self.conn.execute("DELETE FROM vocabulary WHERE freq <= 0")
        self.delta.clear()
        self.spellings.clear()


def optimize_index(conn) -> None:
    """Merge each field's FTS5 segments into one, each table in its own short transaction.

    After a bulk load the index is spread over several segments that every query must read;
    one segment makes rare-phrase queries about a third faster. Costs about as much as
    reading the index once, so :func:`kiosk.store.apply.apply_changes` runs it after big updates only.
    """
    for field in SEARCH_FIELDS:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"INSERT INTO search_{field} (search_{field}) VALUES ('optimize')")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
