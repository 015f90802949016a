"""Usage events: their names and the one rule that keeps personal data out of them.

The terminal records events (``{"id", "type", "at", "props"}``) and the hub counts them. Both sides
use this module: :data:`EVENT_TYPE_RE` is the shape of a type name, :data:`EVENT_TYPES` the names
the terminal records today, and :func:`personal_props` names the props that could carry a
resident's name, phone, ID number, address or e-mail — such props are refused wherever an event is
made or queued.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping

EVENT_TYPE_RE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
# English words of a prop name (``phone_number``, ``residentPhone``, ``id-card`` alike) and the
# Chinese ones anywhere in it: a name containing any of these could carry personal data.
PERSONAL_PROP_RE = re.compile(
    r"(^|_)(name|names|fullname|phone|phones|mobile|cellphone|tel|telephone|contact|wechat"
    r"|id_?card|idcard|id_?number|identity|address|email|e_?mail)($|_)",
    re.I,
)
PERSONAL_PROP_WORDS = (
    "姓名",
    "名字",
    "电话",
    "手机",
    "身份证",
    "证件号",
    "住址",
    "地址",
    "邮箱",
    "联系",
)
# Values shaped like a mainland mobile or landline number or a resident ID-card number, standing
# alone (Chinese text around them counts as alone; an ASCII id such as ``inst-01234567890`` not).
_ALONE_BEFORE = r"(?<![0-9A-Za-z_.\-])"
_ALONE_AFTER = r"(?![0-9A-Za-z_])"
PERSONAL_VALUE_RES = tuple(
    re.compile(_ALONE_BEFORE + pattern + _ALONE_AFTER)
    for pattern in (
        r"(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}",
        r"0\d{2,3}[\s-]?\d{7,8}",
        r"\d{17}[\dXx]|\d{15}",
    )
)

# Bounds of an event's props, checked where events enter the hub (:func:`props_problem`).
MAX_PROPS = 50  # keys at the top level
MAX_PROP_NODES = 200  # keys and list items at every depth together
MAX_PROP_DEPTH = 3  # a dict in a dict in the props
MAX_PROP_KEY = 64  # characters of a key
MAX_TEXT_PROP = 200  # characters of a text value (the terminal cuts longer ones)
MAX_PROP_INT = 2**31 - 1  # magnitude of a number (fits every database's integer)
MAX_EVENT_COUNT = 100_000  # ``count`` of a folded event: the events one row stands for

EVENT_TYPES = frozenset(
    {
        "article.view",
        "booking.callback",
        "booking.failed",
        "booking.made",
        "booking.offline",
        "call.rating_skipped",
        "calc.done",
        "call.start",
        "call_closed",
        "call_opened",
        "call_rated",
        "elderly.mode",
        "error.shown",
        "error.unexpected",
        "home.tile",
        "hotline.view",
        "institution.view",
        "maintenance.pin",
        "nearby.cluster",
        "nearby.list",
        "outbox_dropped",
        "qr.show",
        "rating",
        "screen.view",
        "search",
        "service.rated",
        "session.end",
        "session.start",
        "sync_rejected",
        "ticket.preview",
        "ticket.print",
        "tts.failed",
        "tts.speak",
    }
)


# ``service.rated``: the one-tap satisfaction prompt after a guide, a booking or a call.
SATISFACTION_EVENT = "service.rated"
SATISFACTION_FACES = ("good", "ok", "bad")  # 满意 / 一般 / 不满意
RATED_SERVICES = ("guide", "booking", "call")
RATING_PROP_NAMES = frozenset({"service", "face", "article_id", "count", "until"})
ARTICLE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def satisfaction_problem(props: Mapping[str, object]) -> str | None:
    """Why the props of a ``service.rated`` event may not be stored, or None when fine:
    ``service`` one of :data:`RATED_SERVICES`, ``face`` one of :data:`SATISFACTION_FACES`,
    ``article_id`` (a guide's id) only and always for a guide; nothing else but a fold's
    ``count``/``until``."""
    unknown = sorted(str(k) for k in props if k not in RATING_PROP_NAMES)
    if unknown:
        return f"{_shown(unknown[0])}: not a property of a rating"
    if props.get("service") not in RATED_SERVICES:
        return f"service: must be one of {', '.join(RATED_SERVICES)}"
    if props.get("face") not in SATISFACTION_FACES:
        return f"face: must be one of {', '.join(SATISFACTION_FACES)}"
    article_id = props.get("article_id")
    if props["service"] == "guide":
        if not isinstance(article_id, str) or not ARTICLE_ID_RE.match(article_id):
            return "article_id: a guide's rating needs the guide's id"
    elif article_id is not None:
        return "article_id: only a guide's rating names a guide"
    return None


def event_problem(event_type: str, props: Mapping[str, object]) -> str | None:
    """Rules of one event type beyond :func:`props_problem` (dots and underscores alike)."""
    if event_type.replace("_", ".") == SATISFACTION_EVENT:
        return satisfaction_problem(props)
    return None


class PersonalDataRefused(ValueError):
    """An event was given a prop that could carry personal data (a programming error)."""


def known_type(event_type: str) -> bool:
    """Whether ``event_type`` is one the terminal records (dots and underscores alike)."""
    return event_type in EVENT_TYPES or event_type.replace("_", ".") in _DOTTED


_DOTTED = frozenset(name.replace("_", ".") for name in EVENT_TYPES)


def _key_words(key: str) -> str:
    """``residentPhone`` / ``Phone-Number`` / ``ｐｈｏｎｅ`` as ``resident_phone`` / ``phone_number``."""
    text = unicodedata.normalize("NFKC", key)
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[\s.\-]+", "_", text)


def personal_key(key: object) -> bool:
    """Whether a prop name (at any depth) looks like it holds personal data."""
    if not isinstance(key, str):
        return False
    words = _key_words(key)
    return bool(PERSONAL_PROP_RE.search(words)) or any(w in words for w in PERSONAL_PROP_WORDS)


def personal_value(value: object) -> bool:
    """Whether a text value contains something shaped like a phone or ID-card number."""
    if not isinstance(value, str):
        return False
    text = unicodedata.normalize("NFKC", value)
    return any(pattern.search(text) for pattern in PERSONAL_VALUE_RES)


def _walk(value: object, path: str) -> Iterator[tuple[str, object, object]]:
    """Every ``(path, key, value)`` below ``value``; list items have the key None."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield where, key, item
            yield from _walk(item, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            where = f"{path}.{index}"
            yield where, None, item
            yield from _walk(item, where)


def personal_props(props: Mapping[str, object]) -> list[str]:
    """The paths (``resident.phone``) in ``props`` whose name or value looks like personal data,
    sorted. Keys are checked at any depth, in English and Chinese; text values by their shape."""
    return sorted(
        path for path, key, value in _walk(props, "") if personal_key(key) or personal_value(value)
    )


def refuse_personal_props(event_type: object, props: Mapping[str, object]) -> None:
    """Raise :class:`PersonalDataRefused` when any of ``props`` looks like personal data."""
    refused = personal_props(props)
    if refused:
        raise PersonalDataRefused(f"event {event_type}: prop {refused[0]!r} may hold personal data")


def _value_problem(value: object, max_text: int = MAX_TEXT_PROP) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return None if abs(value) <= MAX_PROP_INT else f"numbers must lie within ±{MAX_PROP_INT}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "numbers must be finite"
        return None if abs(value) <= MAX_PROP_INT else f"numbers must lie within ±{MAX_PROP_INT}"
    if isinstance(value, str):
        return _text_problem(value, max_text)
    if isinstance(value, Mapping | list | tuple):
        return None
    return "values must be text, numbers, true/false, lists or objects"


def _text_problem(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"text longer than {limit} characters"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "text must be valid UTF-8 (no lone surrogates)"
    if "\x00" in text:
        return "text must not contain NUL characters"
    return None


def props_problem(props: Mapping[str, object]) -> str | None:
    """Why ``props`` may not be stored (bounds, encoding, personal data), or None when fine."""
    if len(props) > MAX_PROPS:
        return f"at most {MAX_PROPS} properties"
    for nodes, (path, key, value) in enumerate(_walk(props, ""), start=1):
        if nodes > MAX_PROP_NODES:
            return f"at most {MAX_PROP_NODES} keys and list items in all"
        if path.count(".") >= MAX_PROP_DEPTH:
            return f"{path}: nested deeper than {MAX_PROP_DEPTH} levels"
        if isinstance(key, str) and (problem := _text_problem(key, MAX_PROP_KEY)):
            return f"{_shown(path)}: key: {problem}"
        if problem := _value_problem(value):
            return f"{_shown(path)}: {problem}"
    count = props.get("count")
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_EVENT_COUNT
    ):
        return f"count: must be a whole number from 0 to {MAX_EVENT_COUNT}"
    refused = personal_props(props)
    if refused:
        return f"{_shown(refused[0])}: may hold personal data (names, phone or ID numbers)"
    return None


def json_problem(value: object, *, max_text: int) -> str | None:
    """Why a JSON document (a heartbeat's doctor report) may not be stored: a number out of
    bounds or not finite, text that is not valid UTF-8 or holds NUL; None when fine."""
    if problem := _value_problem(value, max_text):
        return problem
    for path, key, item in _walk(value, ""):
        if isinstance(key, str) and (problem := _text_problem(key, max_text)):
            return f"{_shown(path)}: key: {problem}"
        if problem := _value_problem(item, max_text):
            return f"{_shown(path)}: {problem}"
    return None


def _shown(path: str) -> str:
    """A path fit for an error message: valid UTF-8 and short, whatever the keys hold."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")[:80]
