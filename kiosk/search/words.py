"""Chinese words and their pinyin: jieba segmentation and pypinyin spellings, loaded lazily.

jieba and pypinyin load large dictionaries, so nothing is imported until the first call; the
jieba tokenizer is built once per process and reuses jieba's own dictionary cache file in the
system temp folder (built on first use, about a second; loaded in well under a second after).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from functools import lru_cache

from contract.search_words import STOPWORDS
from kiosk.search.tokens import CJK_RUN_RE, is_cjk, runs

logger = logging.getLogger(__name__)

MIN_WORD_CHARS = 2
MAX_WORD_CHARS = 8
_lock = threading.Lock()
_tokenizer = None


def _jieba():
    """The process-wide jieba tokenizer, created and initialised on first use."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
        return _tokenizer


def is_vocabulary_word(word: str) -> bool:
    """Whole Chinese words of 2-8 characters that are not function words go to the vocabulary."""
    return (
        MIN_WORD_CHARS <= len(word) <= MAX_WORD_CHARS
        and bool(CJK_RUN_RE.match(word))
        and word not in STOPWORDS
    )


@lru_cache(maxsize=65_536)
def _segment_run(run: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba().lcut(run, HMM=True) if is_vocabulary_word(w))


def count_words(*texts: str) -> Counter:
    """How often each vocabulary word occurs in ``texts`` (each run of Chinese segmented alone)."""
    counts: Counter = Counter()
    for text in texts:
        for run in runs(text):
            if len(run) >= MIN_WORD_CHARS and is_cjk(run):
                counts.update(_segment_run(run))
    return counts


@lru_cache(maxsize=65_536)
def spell(word: str) -> tuple[str, str, str]:
    """``(full, initials, spaced)`` pinyin of ``word`` without tones: ``('lihun', 'lh', 'li hun')``.

    The spaced form is for display. ``ü`` is spelled ``v`` as on a keyboard (``女`` -> ``nv``).
    """
    from pypinyin import Style, lazy_pinyin

    full = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
    initials = lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(full).lower(), "".join(initials).lower(), " ".join(full).lower()


@lru_cache(maxsize=4_096)
def search_segments(text: str) -> tuple[tuple[str, int, int], ...]:
    """jieba's search-mode cut of ``text``: ``(word, start, end)``, shorter words inside long ones too."""
    return tuple(_jieba().tokenize(text, mode="search", HMM=True))


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) so the first question is answered at once."""
    _jieba()
