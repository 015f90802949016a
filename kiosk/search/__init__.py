"""Chinese full-text search over the content cache, and the on-screen keyboard's candidates.

- :mod:`~kiosk.search.query` — :func:`search` (ranked, with snippets) and :func:`candidates`;
- :mod:`~kiosk.search.tokens` — how text becomes index terms (1-, 2-, 3+-character grams);
- :mod:`~kiosk.search.words` — the content vocabulary (jieba words with pypinyin spellings).
"""

from kiosk.search.query import HIGHLIGHT, candidates, search

__all__ = ["HIGHLIGHT", "candidates", "search"]
