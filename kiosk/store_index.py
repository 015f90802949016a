"""Keeps the search index and the keyboard vocabulary in step with the articles.

Called by :meth:`kiosk.store.ContentStore.apply` inside its one transaction, only for the
articles an update touches. ``article_words`` remembers each article's word counts so a
changed or deleted article takes exactly its own words back out of the vocabulary.
"""

from __future__ import annotations

from collections import Counter

from kiosk.store_schema import SEARCH_FIELDS
from kiosk.text_tokens import index_tokens
from kiosk.words import count_words, is_vocabulary_word, spell


class IndexUpdate:
    """Search-index and vocabulary changes of one transaction on connection ``conn``."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.delta: Counter = Counter()

    def remove(self, article_id: str) -> None:
        """Take an article out of the index and its words out of the vocabulary."""
        row = self.conn.execute(
            "SELECT doc FROM search_docs WHERE article_id = ?", (article_id,)
        ).fetchone()
        if row is not None:
            for field in SEARCH_FIELDS:
                self.conn.execute(f"DELETE FROM search_{field} WHERE rowid = ?", (row[0],))
            self.conn.execute("DELETE FROM search_docs WHERE doc = ?", (row[0],))
        for word, n in self.conn.execute(
            "SELECT word, n FROM article_words WHERE article_id = ?", (article_id,)
        ).fetchall():
            self.delta[word] -= n
        self.conn.execute("DELETE FROM article_words WHERE article_id = ?", (article_id,))

    def add(self, article: dict) -> None:
        """Index a (validated) article; call :meth:`remove` first if it was indexed before."""
        cursor = self.conn.execute(
            "INSERT INTO search_docs (article_id) VALUES (?)", (article["id"],)
        )
        texts = {
            "title": article["title"],
            "tags": " \n ".join(article["tags"]),
            "summary": article["summary"],
            "body": article["body"],
        }
        for field in SEARCH_FIELDS:
            self.conn.execute(
                f"INSERT INTO search_{field} (rowid, tokens) VALUES (?, ?)",
                (cursor.lastrowid, index_tokens(texts[field])),
            )
        words = count_words(article["title"], article["summary"], article["body"])
        for tag in article["tags"]:
            if is_vocabulary_word(tag):
                words[tag] += 1
        self.conn.executemany(
            "INSERT INTO article_words (article_id, word, n) VALUES (?, ?, ?)",
            [(article["id"], word, n) for word, n in words.items()],
        )
        self.delta.update(words)

    def finish(self) -> None:
        """Write the collected vocabulary changes."""
        changes = [(word, n) for word, n in self.delta.items() if n]
        rows = []
        for word, n in changes:
            rows.append((word, *spell(word), n))
        self.conn.executemany(
            "INSERT INTO vocabulary (word, pinyin, initials, spaced, freq) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(word) DO UPDATE SET freq = freq + excluded.freq",
            rows,
        )
        self.conn.execute("DELETE FROM vocabulary WHERE freq <= 0")
        self.delta.clear()
