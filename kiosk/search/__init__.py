"""Chinese full-text search over the content cache, and the on-screen keyboard's candidates.

- :mod:`~kiosk.search.query` — :func:`search` (questions ranked by coverage, with snippets and
  good/related matches) and :func:`candidates`;
- :mod:`~kiosk.search.question` — how a resident's question becomes groups of terms;
- :mod:`~kiosk.search.synonyms` — the seed synonyms plus the words staff publish;
- :mod:`~kiosk.search.tokens` — how text becomes index terms (1-, 2-, 3+-character grams);
- :mod:`~kiosk.search.words` — jieba words with pypinyin spellings.
"""

from kiosk.search.query import HIGHLIGHT, candidates, search
from kiosk.search.words import warm_up

__all__ = ["HIGHLIGHT", "candidates", "search", "warm_up"]
