"""Turning Chinese/ASCII text into the tokens of the search index, and queries into FTS5 terms.

SQLite's FTS5 cannot split Chinese into words, and its ``trigram`` tokenizer cannot match
queries shorter than three characters. So the index holds *overlapping character bigrams* of
every run of Chinese characters, followed by the run's last character alone
(``宅基地`` -> ``宅基 基地 地``), plus lower-cased ASCII words and numbers. Then:

* a 2-character query is one bigram token (``"离婚"``),
* a 3+-character query is a phrase of consecutive bigrams (``"宅基 基地"``), which only
  matches where the characters really are adjacent,
* a 1-character query is a prefix query (``"离"*``): every character starts some token.

Runs are separated by a private-use character that no query can produce, so a phrase never
matches across punctuation. Queries are reduced to these safe tokens before they reach FTS5,
so FTS syntax in user input (quotes, ``*``, ``NEAR``, ``:`` …) is just text.
"""

from __future__ import annotations

import re
import unicodedata

RUN_BREAK = "\ue000"
MAX_QUERY_CHARS = 64
MAX_QUERY_TERMS = 8

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
CJK_RE = re.compile(f"[{_CJK}]")
RUN_RE = re.compile(f"[{_CJK}]+|[a-z0-9]+")
CJK_RUN_RE = re.compile(f"^[{_CJK}]+$")


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text: str) -> list[str]:
    """The runs of Chinese characters and of ASCII letters/digits in ``text``, in order."""
    return RUN_RE.findall(normalize(text))


def is_cjk(run: str) -> bool:
    return bool(CJK_RUN_RE.match(run))


def _run_tokens(run: str) -> list[str]:
    if not is_cjk(run):
        return [run]
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_tokens(text: str) -> str:
    """The space-separated token string stored in the FTS5 index for one field."""
    parts: list[str] = []
    for run in runs(text):
        if parts:
            parts.append(RUN_BREAK)
        parts.extend(_run_tokens(run))
    return " ".join(parts)


def cjk_term(run: str) -> str:
    """The FTS5 expression that matches the Chinese run ``run`` as a substring."""
    if len(run) == 1:
        return f'"{run}"*'
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return '"' + " ".join(bigrams) + '"'


def query_runs(query: object) -> list[str]:
    """The safe runs of a user query: at most :data:`MAX_QUERY_TERMS` runs of Chinese or ASCII.

    Anything that is not a Chinese character, ASCII letter or digit is dropped, so the result
    can never carry FTS5 syntax. Non-text input gives no runs.
    """
    if not isinstance(query, str):
        return []
    found: list[str] = []
    for run in runs(query[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_TERMS]:
        run = run[:MAX_QUERY_CHARS]
        if run not in found:
            found.append(run)
    return found
