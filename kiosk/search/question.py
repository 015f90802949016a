"""A resident's question turned into the groups of terms the search looks for.

``工资拖了三个月没发`` is not a keyword: :func:`parse_question` cuts it into words (jieba, search
mode), drops the question frames and function words of :data:`contract.search_words.STOPWORDS`,
and makes one :class:`Group` per remaining word. A group matches a guide when any of its terms
does: the word itself, the shorter words jieba finds inside it, the content words a synonym table
maps it to (``工钱`` → ``工资``), or content words hidden inside an unknown word. Each term has a
weight in (0, 1] for how close it is to what the resident said.

Groups have a *kind*: ``word`` (the subject of the question), ``letters`` (pinyin or initials,
expanded by :mod:`kiosk.search.query`), ``number`` (``三个月``, ``5000``) or ``single`` (one
character such as ``撞``). Only ``word`` and ``letters`` groups are *main*: how much of them a guide
covers decides whether it answers the question. Numbers and single characters still rank, and a
question made only of them (``薪``) makes them main.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from contract.search_words import EDGE_CHARACTERS, QUESTION_FRAMES, STOPWORDS
from kiosk.search.tokens import MAX_QUERY_CHARS, MAX_QUERY_TERMS, is_cjk, normalize, runs
from kiosk.search.words import search_segments

SUB_WORD_WEIGHT = 0.7  # a shorter word inside the resident's word (交通 in 交通事故)
HIDDEN_WORD_WEIGHT = 0.7  # a content word inside a word the content does not have
MAX_TERMS_PER_GROUP = 6
MAIN_KINDS = ("word", "letters", "single")
NEGATIONS = frozenset("不没别")
NUMERALS = frozenset("零一二三四五六七八九十百千万亿两半几个年月天日号周块元毛角岁")
_FRAMES = sorted(QUESTION_FRAMES, key=len, reverse=True)
_FRAME_RE = re.compile("|".join(map(re.escape, _FRAMES)))

Synonyms = Mapping[str, Mapping[str, float]]


@dataclass
class Group:
    """One thing the resident said, and the terms (with weights) that count as saying it."""

    word: str
    kind: str  # "word", "letters", "number" or "single"
    terms: dict[str, float] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)  # guides a staff synonym points straight to
    main: bool = False

    def add(self, term: str, weight: float) -> None:
        if not term or self.terms.get(term, 0.0) >= weight:
            return
        if term in self.terms or len(self.terms) < MAX_TERMS_PER_GROUP:
            self.terms[term] = round(weight, 3)


@dataclass
class Question:
    """The groups of a question, and its phrases (runs of two or more characters as typed)."""

    text: str
    groups: list[Group]
    phrases: list[str]

    @property
    def main_groups(self) -> list[Group]:
        return [g for g in self.groups if g.main]


def _kind(word: str) -> str:
    if not is_cjk(word):
        return "number" if word.isdigit() else "letters"
    if all(ch in NUMERALS for ch in word):
        return "number"
    return "single" if len(word) == 1 else "word"


def _trim(word: str) -> str:
    """Drop function characters stuck to a segment's edges (``被打`` → ``打``, ``我见`` → ``见``).

    A two-character segment also loses a leading negation (``没发`` → ``发``): the subject is the
    verb, and longer words that start with one (``不动产``) are left alone.
    """
    if len(word) == 2 and word[0] in NEGATIONS:
        word = word[1:]
    while len(word) > 1 and word[0] in EDGE_CHARACTERS:
        word = word[1:]
    while len(word) > 1 and word[-1] in EDGE_CHARACTERS:
        word = word[:-1]
    return word


def _synonym_spans(piece: str, synonyms: Synonyms) -> list[tuple[int, int, str]]:
    """Synonym keys (two or more characters) inside ``piece``, longest first, not overlapping."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(piece)
    keys = [k for k in synonyms if len(k) >= 2 and k in piece]
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        start = piece.find(key)
        while start >= 0:
            end = start + len(key)
            if not any(taken[start:end]):
                found.append((start, end, key))
                for i in range(start, end):
                    taken[i] = True
            start = piece.find(key, start + 1)
    return sorted(found)


def _segments(piece: str, synonyms: Synonyms) -> list[tuple[str, list[str]]]:
    """``(word, shorter words inside it)`` for a piece of question text, in order."""
    spans = _synonym_spans(piece, synonyms)
    out: list[tuple[str, list[str]]] = []
    at = 0
    for start, end, key in spans + [(len(piece), len(piece), "")]:
        if start > at:
            out.extend(_jieba_words(piece[at:start]))
        if key:
            out.append((key, []))
        at = end
    return out


def _jieba_words(text: str) -> list[tuple[str, list[str]]]:
    tokens = search_segments(text)  # (word, start, end), sub-words before the word holding them
    words: list[tuple[str, list[str]]] = []
    for word, start, end in tokens:
        if any(s <= start and end <= e and (s, e) != (start, end) for _, s, e in tokens):
            continue  # a sub-word: kept as a term of the word that holds it
        inner = [w for w, s, e in tokens if start <= s and e <= end and (s, e) != (start, end)]
        words.append((word, inner))
    return words


def parse_question(
    query: object,
    synonyms: Synonyms,
    *,
    known_words: Callable[[Iterable[str]], set[str]] | None = None,
    article_synonyms: Mapping[str, Iterable[str]] | None = None,
) -> Question:
    """The groups of ``query`` (any object; non-text gives no groups).

    ``synonyms`` maps a word to ``{content word: weight}``; ``article_synonyms`` maps a word to the
    guides it leads to directly; ``known_words(candidates)`` answers which candidate strings are
    words of the content (used to find content words hidden in a word the content lacks).
    """
    if not isinstance(query, str):
        return Question("", [], [])
    text = normalize(query[: MAX_QUERY_CHARS * 4])
    article_synonyms = article_synonyms or {}
    keys: Synonyms = {**synonyms, **{k: synonyms.get(k, {}) for k in article_synonyms}}
    segments: list[tuple[str, list[str]]] = []
    phrases: list[str] = []
    for run in runs(text)[: MAX_QUERY_TERMS * 2]:
        run = run[:MAX_QUERY_CHARS]
        if not is_cjk(run):
            segments.append((run, []))
            continue
        if len(run) >= 2 and run not in STOPWORDS and run not in phrases:
            phrases.append(run)
        for piece in _FRAME_RE.split(run):
            segments.extend(_segments(piece, keys))
    # words the content has are kept whole ("不得" is not trimmed to "得")
    content_words = known_words([w for w, _ in segments]) if known_words else set()
    groups: dict[str, Group] = {}
    for word, inner in segments:
        _add_group(groups, word, inner, keys, article_synonyms, keep=word in content_words)
    ordered = list(groups.values())[:MAX_QUERY_TERMS]
    if known_words is not None:
        _add_hidden_words(ordered, known_words)
    has_main = any(g.kind in MAIN_KINDS for g in ordered)
    for group in ordered:
        group.main = group.kind in MAIN_KINDS or not has_main
    return Question(text, ordered, phrases)


def _add_group(
    groups: dict[str, Group],
    word: str,
    inner: list[str],
    synonyms: Synonyms,
    article_synonyms: Mapping[str, Iterable[str]],
    *,
    keep: bool = False,
) -> None:
    if word in STOPWORDS:
        return
    if not keep and word not in synonyms and word not in article_synonyms:
        word = _trim(word)
        if not word or word in STOPWORDS:
            return
    if word in groups:
        return
    group = Group(word, _kind(word))
    group.add(word, 1.0)
    for target, weight in sorted(synonyms.get(word, {}).items(), key=lambda tw: (-tw[1], tw[0])):
        group.add(target, weight)
    group.articles.update(article_synonyms.get(word, ()))
    # a word the content holds is looked for whole; only one it lacks is searched by its parts
    for sub in [] if keep else inner:
        sub = _trim(sub)
        if len(sub) >= 2 and sub not in STOPWORDS:
            group.add(sub, SUB_WORD_WEIGHT)
            for target, weight in synonyms.get(sub, {}).items():
                group.add(target, weight * SUB_WORD_WEIGHT)
    groups[word] = group


def _add_hidden_words(
    groups: list[Group], known_words: Callable[[Iterable[str]], set[str]]
) -> None:
    """For a word of three or more characters the content lacks, the content words inside it."""
    candidates: dict[str, list[Group]] = {}
    for group in groups:
        if group.kind != "word" or len(group.word) < 3 or len(group.terms) > 1:
            continue
        word = group.word
        for size in range(len(word) - 1, 1, -1):
            for start in range(len(word) - size + 1):
                part = word[start : start + size]
                if part not in STOPWORDS:
                    candidates.setdefault(part, []).append(group)
    if not candidates:
        return
    known = known_words(list(candidates) + [g.word for g in groups if g.kind == "word"])
    for part in sorted(candidates, key=lambda p: (-len(p), p)):
        if part not in known:
            continue
        for group in candidates[part]:
            if group.word not in known:
                group.add(part, HIDDEN_WORD_WEIGHT)
