"""The synonym table the search reads: the seed list of the contract plus the words staff publish.

Staff words arrive as the ``synonyms`` content collection (``word`` → ``targets`` and/or one guide,
with a weight); they extend the seed, and for a word in both, staff targets win on weight. The
merged table is read once per content version and kept per store.

:func:`refresh_synonym_words` keeps ``synonym_words`` — the synonym words the pinyin keyboard
offers besides the content vocabulary — in step; it runs inside a content update's transaction.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from types import MappingProxyType

from contract.search_words import SEED_SYNONYMS
from kiosk.search.words import spell


@dataclass(frozen=True)
class SynonymTable:
    """``words``: word → {content word: weight}; ``articles``: word → guide ids it leads to."""

    words: MappingProxyType
    articles: MappingProxyType


_cache: dict[tuple[str, str], SynonymTable] = {}
_cache_lock = threading.Lock()


def _staff_rows(conn) -> list[tuple[str, list[str], str, float]]:
    rows = conn.execute("SELECT word, targets, article_id, weight FROM synonyms").fetchall()
    return [(w, json.loads(t or "[]"), a or "", float(x)) for w, t, a, x in rows]


def build_table(conn) -> SynonymTable:
    """Seed and staff synonyms merged (no caching)."""
    words: dict[str, dict[str, float]] = {w: dict(t) for w, t in SEED_SYNONYMS.items()}
    articles: dict[str, set[str]] = {}
    for word, targets, article_id, weight in _staff_rows(conn):
        merged = words.setdefault(word, {})
        for target in targets:
            if target != word:
                merged[target] = weight
        if article_id:
            articles.setdefault(word, set()).add(article_id)
    return SynonymTable(
        words=MappingProxyType({w: MappingProxyType(t) for w, t in words.items()}),
        articles=MappingProxyType({w: tuple(sorted(a)) for w, a in articles.items()}),
    )


def synonym_table(store) -> SynonymTable:
    """The merged table for ``store``'s current content version, read once per version."""
    row = store.db.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
    key = (str(store.path), row[0] if row else "")
    with _cache_lock:
        table = _cache.get(key)
    if table is None:
        table = build_table(store.db.conn)
        with _cache_lock:
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = table
    return table


def refresh_synonym_words(conn) -> None:
    """Rewrite ``synonym_words``: synonym words that lead somewhere and are not content words.

    A word leads somewhere when one of its targets is a content word or its guide is held; its
    frequency is the summed frequency of those targets, so 工钱 ranks beside 工资 on the keyboard.
    """
    table = build_table(conn)
    targets = {t for mapped in table.words.values() for t in mapped}
    words = set(table.words) | set(table.articles)
    freq = _frequencies(conn, targets | words)
    held = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted({a for ids in table.articles.values() for a in ids})),),
        )
    }
    rows = []
    for word in sorted(words):
        if word in freq or len(word) < 2:
            continue  # already a content word, or too short to offer
        reach = sum(freq.get(t, 0) for t in table.words.get(word, {}))
        if any(a in held for a in table.articles.get(word, ())):
            reach = max(reach, 1)
        if reach > 0:
            rows.append((word, *spell(word), reach))
    conn.execute("DELETE FROM synonym_words")
    conn.executemany(
        "INSERT INTO synonym_words (word, pinyin, initials, spaced, freq) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def _frequencies(conn, words: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(words)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            conn.execute(
                f"SELECT word, freq FROM vocabulary WHERE word IN ({marks})", chunk
            ).fetchall()
        )
    return found
