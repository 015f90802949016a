"""The numbers behind the reports: terminal usage from ``events``, bookings, adviser work records.

Event names follow the terminal's telemetry (``kiosk/outbox/telemetry.py``): ``session.start``,
``session.end`` (``length_s``), ``article.view`` (``article_id``), ``search`` (``query``,
``results``), ``institution.view``, ``nearby.list``, ``qr.show``, ``ticket.print``, ``rating``,
``service.rated`` (``service``, ``face``, ``article_id`` for a guide: counted as ``rated_good``,
``rated_ok``, ``rated_bad`` per terminal and, for guides, per guide).
Dots and underscores are treated alike (``session_start`` counts as ``session.start``), and the
props a search carries vary (``query``/``q``/``text``; ``results``/``result_count``), so every
reader here takes the first one present. An event without a query text still counts as a search.
Periods are whole days in the hub's zone (``HUB_TIMEZONE``, :mod:`hub.core.clock`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import Connection, func, select

from contract.events import MAX_EVENT_COUNT, MAX_PROP_INT, SATISFACTION_FACES
from hub.core.clock import day_start, local_day
from hub.models.tables import articles, bookings, events, terminals

MAX_PERIOD_DAYS = 366
TOP_N = 10
QUERY_PROPS = ("query", "q", "text", "letters")
RESULT_PROPS = ("results", "result_count", "count")
# A search with this many good results or fewer (but some) is a "low-result" search: staff may
# want to add a word for it. Terminals report good matches as ``results`` (related ones apart).
LOW_RESULTS = 2
RATING_PROPS = ("stars", "rating", "value", "score")
# Kinds counted in SQL (no props needed) and kinds whose props are read.
COUNTED = {
    "session_start": "sessions",
    "institution_view": "institution_views",
    "nearby_list": "nearby",
    "nearby": "nearby",
    "qr_show": "qr_shows",
    "tts_speak": "speech",
    "booking_offline": "offline_booking_attempts",
}
PROPS_KINDS = ("session_end", "article_view", "search", "rating", "ticket_print", "service_rated")
# Satisfaction counts of ``service.rated``: rated_good, rated_ok, rated_bad.
RATED_KEYS = tuple(f"rated_{face}" for face in SATISFACTION_FACES)


@dataclass(frozen=True)
class Period:
    """The days ``first``..``last`` (inclusive) as the clocks in ``zone`` count them."""

    first: date
    last: date
    zone: tzinfo

    @property
    def start(self) -> datetime:
        return day_start(self.first, self.zone)

    @property
    def end(self) -> datetime:
        return day_start(self.last + timedelta(days=1), self.zone)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def parse_period(first: str, last: str, *, today: date, zone: tzinfo) -> Period:
    """``YYYY-MM-DD`` bounds (default: the last 30 days); ValueError for bad or too long periods."""
    end = date.fromisoformat(last) if last else today
    start = date.fromisoformat(first) if first else end - timedelta(days=29)
    if start > end:
        raise ValueError("the first day is after the last day")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ValueError(f"a period may cover at most {MAX_PERIOD_DAYS} days")
    return Period(start, end, zone)


def month_period(text: str, *, today: date, zone: tzinfo) -> Period:
    """``YYYY-MM`` (default: this month) as a period."""
    first = date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return Period(first, following - timedelta(days=1), zone)


def _kind(event_type: str) -> str:
    return event_type.replace(".", "_")


def _first(props: dict, names: tuple[str, ...]):
    for name in names:
        if props.get(name) not in (None, ""):
            return props[name]
    return None


def _query_text(props: dict) -> str:
    value = _first(props, QUERY_PROPS)
    return safe_text(" ".join(str(value).split()).lower()[:40]) if value is not None else ""


def safe_text(text: str) -> str:
    """``text`` fit for a page or a CSV file: a lone surrogate a stored row may hold becomes "?"."""
    return text.encode("utf-8", "replace").decode("utf-8")


def repeats(kind: str, props: object) -> int:
    """How many events one row stands for: a full terminal outbox folds identical events into one
    with ``props.count`` (and ``props.until``). A search's bare ``count`` may be its result count,
    so for searches only a folded event (with ``until``) is taken as a repeat count."""
    if not isinstance(props, dict):
        return 1
    count = props.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_EVENT_COUNT:
        return 1  # a count the hub would refuse today (a row stored before) stands for itself
    if kind == "search" and "until" not in props:
        return 1
    return count


def as_number(value) -> float | None:
    """A prop as a finite number within the bounds the hub accepts, else None (skipped)."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_PROP_INT else None


@dataclass
class Usage:
    """Counts for one period and filter; ``per_terminal`` holds the same counts per terminal id."""

    counts: Counter = field(default_factory=Counter)
    daily: Counter = field(default_factory=Counter)  # China date -> sessions
    session_seconds: list[float] = field(default_factory=list)
    articles: Counter = field(default_factory=Counter)
    searches: Counter = field(default_factory=Counter)
    zero_searches: Counter = field(default_factory=Counter)
    low_searches: Counter = field(default_factory=Counter)  # 1..LOW_RESULTS good results
    ratings: list[float] = field(default_factory=list)
    guide_ratings: dict = field(default_factory=lambda: defaultdict(Counter))  # id -> rated_*
    per_terminal: dict = field(default_factory=lambda: defaultdict(Counter))

    @property
    def avg_session_s(self) -> float:
        return (
            sum(self.session_seconds) / len(self.session_seconds) if self.session_seconds else 0.0
        )


def _terminal_filter(query, column, terminal_id: str, district: str):
    if terminal_id:
        query = query.where(column == terminal_id)
    if district:
        query = query.where(
            column.in_(select(terminals.c.id).where(terminals.c.district == district))
        )
    return query


def _names(*kinds: str) -> list[str]:
    """Both spellings of each kind (``session_start`` and ``session.start``)."""
    return sorted({k for kind in kinds for k in (kind, kind.replace("_", "."))})


def _take_props(usage: Usage, row) -> None:
    """Count one event whose props matter (searches, guide views, session ends, prints, ratings)."""
    kind, props = _kind(row.type), row.props if isinstance(row.props, dict) else {}
    per, n = usage.per_terminal[row.terminal_id], repeats(_kind(row.type), props)
    if kind == "ticket_print" and props.get("ok") is not False:  # a failed print printed nothing
        usage.counts["prints"] += n
        per["prints"] += n
    elif kind == "session_end":
        seconds = as_number(_first(props, ("length_s", "duration_s", "seconds")))
        if seconds is not None and 0 <= seconds < 86_400:
            usage.session_seconds.extend([seconds] * n)
    elif kind == "article_view":
        usage.counts["article_views"] += n
        per["article_views"] += n
        article_id = _first(props, ("article_id", "id"))
        if article_id:
            usage.articles[safe_text(str(article_id))[:64]] += n
    elif kind == "search":
        _take_search(usage, per, props, n)
    elif kind == "service_rated":
        _take_satisfaction(usage, per, props, n)
    elif kind == "rating":
        stars = as_number(_first(props, RATING_PROPS))
        if stars is not None and 1 <= stars <= 5:
            usage.ratings.extend([stars] * n)


def _take_satisfaction(usage: Usage, per: Counter, props: dict, n: int) -> None:
    face = props.get("face")
    if face not in SATISFACTION_FACES:
        return  # refused at the API; a row stored before that rule counts as nothing
    key = f"rated_{face}"
    usage.counts[key] += n
    per[key] += n
    article_id = props.get("article_id")
    if props.get("service") == "guide" and isinstance(article_id, str) and article_id:
        usage.guide_ratings[safe_text(article_id)[:64]][key] += n


def _take_search(usage: Usage, per: Counter, props: dict, n: int) -> None:
    usage.counts["searches"] += n
    per["searches"] += n
    text, found = _query_text(props), as_number(_first(props, RESULT_PROPS))
    if "until" in props and props.get("count") == found:  # folded: ``count`` is the repeat count
        found = as_number(_first(props, RESULT_PROPS[:2]))
    if text:
        usage.searches[text] += n
        if found == 0:
            usage.zero_searches[text] += n
        elif found is not None and 0 < found <= LOW_RESULTS:
            usage.low_searches[text] += n
    if found == 0:
        usage.counts["zero_searches"] += n


def _count_prop():
    """``props.count`` as text (NULL when absent) on SQLite and PostgreSQL alike."""
    return events.c.props["count"].as_string()


def _count_of(kind: str, text: str | None) -> int:
    if text is None:
        return 1
    if len(text) > 12:  # far beyond MAX_EVENT_COUNT: a poisoned row stands for itself
        return 1
    try:
        value = int(text)
    except ValueError:
        return 1
    return repeats(kind, {"count": value, "until": True})


def usage(conn: Connection, *, period: Period, terminal_id: str = "", district: str = "") -> Usage:
    """Count what the reports show: plain counts in SQL, props only of the events that need them."""
    found = Usage()
    where = (events.c.at >= period.start, events.c.at < period.end)

    def filtered(query):
        return _terminal_filter(query, events.c.terminal_id, terminal_id, district)

    counted = (
        select(events.c.terminal_id, events.c.type, func.count().label("n"))
        .where(*where)
        .group_by(events.c.terminal_id, events.c.type)
    )
    for row in conn.execute(filtered(counted)):
        name = COUNTED.get(_kind(row.type))
        if name:
            found.counts[name] += row.n
            found.per_terminal[row.terminal_id][name] += row.n
    folded = select(events.c.terminal_id, events.c.type, _count_prop().label("folded")).where(
        *where, events.c.type.in_(_names(*COUNTED)), _count_prop().is_not(None)
    )
    for row in conn.execute(filtered(folded)):  # a folded row stands for ``count`` events
        name, extra = COUNTED[_kind(row.type)], _count_of(_kind(row.type), row.folded) - 1
        found.counts[name] += extra
        found.per_terminal[row.terminal_id][name] += extra
    starts = select(events.c.at, _count_prop().label("folded")).where(
        *where, events.c.type.in_(_names("session_start"))
    )
    for row in conn.execute(filtered(starts)):
        found.daily[local_day(row.at, period.zone)] += _count_of("session_start", row.folded)
    with_props = select(events.c.terminal_id, events.c.type, events.c.props).where(
        *where, events.c.type.in_(_names(*PROPS_KINDS))
    )
    for row in conn.execute(filtered(with_props)):
        _take_props(found, row)
    return found


def booking_counts(
    conn: Connection, *, period: Period, terminal_id: str = "", district: str = ""
) -> dict:
    """Bookings whose slot lies in the period, by status, and their ``bookings.rating`` (call minutes
    and call ratings: ``call_rules.report_calls``)."""
    query = select(bookings.c.terminal_id, bookings.c.status, bookings.c.rating).where(
        bookings.c.start >= period.start, bookings.c.start < period.end
    )
    counts: Counter = Counter()
    per_terminal: dict = defaultdict(Counter)
    ratings = []
    for row in conn.execute(_terminal_filter(query, bookings.c.terminal_id, terminal_id, district)):
        counts[row.status] += 1
        per_terminal[row.terminal_id][row.status] += 1
        if row.status != "cancelled":
            counts["bookings"] += 1
            per_terminal[row.terminal_id]["bookings"] += 1
        if row.rating is not None:
            ratings.append(row.rating)
    return {"counts": counts, "per_terminal": per_terminal, "ratings": ratings}


def article_titles(conn: Connection, *, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {
        r.id: r.title
        for r in conn.execute(select(articles.c.id, articles.c.title).where(articles.c.id.in_(ids)))
    }


def terminal_names(conn: Connection) -> dict[str, dict]:
    return {
        r.id: {"name": r.name, "district": r.district}
        for r in conn.execute(
            select(terminals.c.id, terminals.c.name, terminals.c.district).order_by(
                terminals.c.name
            )
        )
    }
