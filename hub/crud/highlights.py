"""Each category's highlights, computed from usage at publish time: hot questions, most-read guides.

- **Hot questions**: the search queries of the last :data:`WINDOW_DAYS` days (events dated more
  than :data:`CLOCK_AHEAD_DAYS` after now are left out) whose ``category``
  prop (the category of the first result the terminal showed) is the category and that found
  something. Queries are normalised (NFKC, trimmed, spaces collapsed) and counted once per
  terminal and China day, so one person asking again and again counts once; a query needs
  :data:`MIN_ASKERS` such counts, and nothing that may carry personal data
  (:func:`hub.core.personal_text.looks_personal`) or holds no Chinese character is ever taken.
  A category's staff-written list (``categories.staff_hot_questions``) replaces the computed one.
- **Most-read guides**: the published guides of the category with the most ``article.view``
  events in the same window.

At most :data:`~contract.records.MAX_HIGHLIGHTS` of each; ties are broken by text or id, so the
same usage always gives the same lists (and the same signed records).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import Connection, select

from contract.records import MAX_HIGHLIGHTS, MAX_HOT_QUESTION
from hub.core.clock import local_day
from hub.core.personal_text import looks_personal, normalise_text
from hub.crud.reports import QUERY_PROPS, RESULT_PROPS, as_number, repeats, safe_text
from hub.models.tables import articles, categories, events

WINDOW_DAYS = 90
# How far after "now" an event may be dated and still count: a terminal's clock may run a little
# ahead, but a row dated years on (a wrong clock, or a poisoned row an older hub stored, up to
# 9999-12-31, which no local day can hold) is not usage of the window.
CLOCK_AHEAD_DAYS = 1
MIN_ASKERS = 3  # distinct (terminal, China day) pairs a query needs to be a hot question
SEARCH_TYPES = ("search",)
ARTICLE_VIEW_TYPES = ("article.view", "article_view")
HAN_RE = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Highlights:
    """One category's lists as they go into its record."""

    hot_questions: list[str] = field(default_factory=list)
    popular: list[str] = field(default_factory=list)


def _first(props: dict, names: tuple[str, ...]) -> object:
    for name in names:
        if props.get(name) not in (None, ""):
            return props[name]
    return None


def _in_window(now: datetime) -> tuple:
    """Conditions on ``events.at``: the last :data:`WINDOW_DAYS` days up to ``now`` (plus slack)."""
    return (
        events.c.at >= now - timedelta(days=WINDOW_DAYS),
        events.c.at <= now + timedelta(days=CLOCK_AHEAD_DAYS),
    )


def _found_something(props: dict) -> bool:
    # A bare "count" may be a folded repeat count. A stored number beyond the bounds the hub
    # accepts (a 400-digit integer once broke publishing here) counts as finding nothing.
    found = as_number(_first(props, RESULT_PROPS[:2]))
    return found is not None and found > 0


def hot_question_text(query: object) -> str | None:
    """The query as a hot question, or None when it may not be one (personal, empty, too long)."""
    if not isinstance(query, str) or safe_text(query) != query:  # a stored lone surrogate
        return None
    text = normalise_text(query)
    if not text or len(text) > MAX_HOT_QUESTION or not HAN_RE.search(text):
        return None
    return None if looks_personal(text) else text


def computed_hot_questions(
    conn: Connection, *, now: datetime, zone: tzinfo
) -> dict[str, list[str]]:
    """``{category id: [questions]}`` from the search events of the window, most asked first.

    One terminal asking on one day (in ``zone``) counts once.
    """
    rows = conn.execute(
        select(events.c.terminal_id, events.c.at, events.c.props).where(
            events.c.type.in_(SEARCH_TYPES), *_in_window(now)
        )
    )
    askers: dict[tuple[str, str], set[tuple[str, object]]] = defaultdict(set)
    for terminal_id, at, props in rows:
        if not isinstance(props, dict) or not _found_something(props):
            continue
        category = props.get("category")
        text = hot_question_text(_first(props, QUERY_PROPS))
        if not isinstance(category, str) or not category or text is None:
            continue
        askers[(category, text)].add((terminal_id, local_day(at, zone)))
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (category, text), who in askers.items():
        if len(who) >= MIN_ASKERS:
            ranked[category].append((-len(who), text))
    return {
        category: [text for _n, text in sorted(entries)[:MAX_HIGHLIGHTS]]
        for category, entries in ranked.items()
    }


def most_read_articles(conn: Connection, *, now: datetime) -> dict[str, list[str]]:
    """``{category id: [article ids]}``: published guides by ``article.view`` events, most first."""
    published = {
        row.id: row.category_id
        for row in conn.execute(
            select(articles.c.id, articles.c.category_id).where(articles.c.status == "published")
        )
    }
    views: Counter[str] = Counter()
    rows = conn.execute(
        select(events.c.type, events.c.props).where(
            events.c.type.in_(ARTICLE_VIEW_TYPES), *_in_window(now)
        )
    )
    for event_type, props in rows:
        if not isinstance(props, dict):
            continue
        article_id = _first(props, ("article_id", "id"))
        if isinstance(article_id, str) and article_id in published:
            views[article_id] += repeats(event_type.replace(".", "_"), props)
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for article_id, n in views.items():
        ranked[published[article_id]].append((-n, article_id))
    return {
        category: [article_id for _n, article_id in sorted(entries)[:MAX_HIGHLIGHTS]]
        for category, entries in ranked.items()
    }


def staff_hot_questions(conn: Connection) -> dict[str, list[str]]:
    """``{category id: [questions]}`` for the categories whose staff wrote their own list."""
    rows = conn.execute(select(categories.c.id, categories.c.staff_hot_questions))
    return {row.id: list(row.staff_hot_questions) for row in rows if row.staff_hot_questions}


def category_highlights(conn: Connection, *, now: datetime, zone: tzinfo) -> dict[str, Highlights]:
    """Every category's highlights (categories without any are left out)."""
    hot = {**computed_hot_questions(conn, now=now, zone=zone), **staff_hot_questions(conn)}
    popular = most_read_articles(conn, now=now)
    return {
        category: Highlights(hot_questions=hot.get(category, []), popular=popular.get(category, []))
        for category in sorted(set(hot) | set(popular))
    }
