"""The content records the hub publishes and the terminal stores: their fields and validation.

This module is the heart of the contract between ``hub/`` (which validates what staff enter and publishes it)
and ``kiosk/`` (which validates every record of a content update before applying it). Records are
plain dicts of JSON types. :func:`validate_record` returns a cleaned copy or raises
:class:`RecordInvalid`, which names the field and carries a reason key (data, not text to parse).

Collections, in the order an update applies them:

``categories``   id, name, name_en, icon, sort, hot_questions, popular
``institutions`` id, type, name, address, district, lat, lng, datum, phone, hours, services, updated_at
``advisers``     id, name, title, institution_id, serves, duty_hours, phone, updated_at
``articles``     id, category_id, title, summary, body, tags, law_refs, media, status, review_by,
               updated_at
``synonyms``     id, word, targets, article_id, weight, updated_at
``announcements`` id, title, body, starts_at, ends_at, updated_at
``media``        id (= sha256), mime, size, name

An article's ``law_refs`` entries are ``{law, article, status, effective}``: ``status`` is one of
:data:`contract.laws.LAW_STATUSES` and ``effective`` an ISO date ``YYYY-MM-DD`` (for an amended
law, the day the text now in force took effect). Both may be left out: they are then filled from
:data:`contract.laws.KNOWN_LAWS`; a law the table does not know gets ``in_force`` and ``""``.
A status or date that is given wins over the table, but a law that is repealed (given or known)
is always refused (reason ``repealed_law``), so no guide reaches a terminal resting on one.

``review_by`` is the ISO date by which staff should check the guide again; ``""`` (or a missing
field, as in records of older hubs) means none was set. A cleaned article always carries it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from contract.laws import LAW_STATUSES, known_law, law_key

COLLECTIONS = (
    "categories",
    "institutions",
    "advisers",
    "articles",
    "synonyms",
    "announcements",
    "media",
)

INSTITUTION_TYPES = (
    "law_firm",  # 律师事务所
    "legal_aid",  # 法律援助中心
    "notary",  # 公证处
    "judicial_office",  # 司法所
    "mediation",  # 人民调解委员会
    "grassroots_legal_service",  # 基层法律服务所
    "forensic",  # 司法鉴定机构
)
DATUMS = ("wgs84", "gcj02", "bd09")
# An institution's own fields, in order (its record adds ``updated_at``); also the directory's CSV columns.
INSTITUTION_FIELDS = (
    "id",
    "type",
    "name",
    "address",
    "district",
    "lat",
    "lng",
    "datum",
    "phone",
    "hours",
    "services",
)
MEDIA_MIME_TYPES = ("image/png", "image/jpeg", "image/webp", "audio/mpeg", "audio/wav", "video/mp4")
ARTICLE_STATUSES = ("published",)

ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
LINE_BREAK_OR_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")

MAX_TITLE = 120
MAX_SUMMARY = 600
MAX_BODY = 60_000
MAX_SHORT = 200
MAX_LIST = 50
MAX_MEDIA_BYTES = 20_000_000
# A category's highlights: the questions residents ask most (tap buttons on every kiosk) and the
# ids of its most-read guides, both computed by the hub at publish time.
MAX_HIGHLIGHTS = 6
MAX_HOT_QUESTION = 40


# Why a record was refused: reason key -> English text for logs (the catalogs carry what people
# read, under ``record.reason.<key>``; a test checks every key is in every language).
REASONS = {
    "text": "must be text",
    "required": "is required",
    "too_long": "is longer than {n} characters",
    "control": "contains control characters",
    "ident": "must be 1-64 letters, digits, '.', '_' or '-'",
    "list": "must be a list of at most {n} texts",
    "list_item": "holds an empty, too long or non-text item",
    "timestamp": "must be an ISO 8601 timestamp",
    "utc_offset": "must carry a UTC offset",
    "number": "must be a number",
    "between": "must be between {low} and {high}",
    "whole_number": "must be a whole number",
    "one_of": "must be one of {values}",
    "periods": "must be a list of weekly periods",
    "period_shape": "each period is {{weekday, start, end}}",
    "weekday": "weekday must be 0 (Monday) to 6 (Sunday)",
    "time": "start and end must be HH:MM",
    "start_before_end": "start must be before end",
    "law_refs": "must be a list of {{law, article}}",
    "law_ref_shape": "each reference is {{law, article, status, effective}}",
    "law": "law must be a non-empty name",
    "article_text": "article must be text",
    "law_status": "the law's status must be one of {values}",
    "repealed_law": "{law} was repealed on {since}; cite {replaced_by} instead",
    "repealed_law_unreplaced": "{law} has been repealed",
    "date": "must be a date YYYY-MM-DD",
    "media_list": "must be a list of sha256 hex digests",
    "published_only": "only published articles are sent to terminals",
    "sha256": "must be a sha256 hex digest",
    "media_size": "must be 1..{n} bytes",
    "unknown_collection": "unknown collection",
    "not_object": "each record must be an object",
    "unknown_field": "unknown field",
    "synonym_word": "must be 1-{n} Chinese characters, letters or digits",
    "synonym_target": "needs at least one word or a guide to lead to",
    "hot_question": "each question is one line of 1..{n} characters",
    "duplicate": "holds the same item twice",
    "id_list": "must be a list of at most {n} ids",
}


class RecordInvalid(ValueError):
    """A record does not fit the content model.

    :ivar collection: the collection the record belongs to.
    :ivar field: the field at fault ("" when the record as a whole is refused).
    :ivar reason: a key of :data:`REASONS`; ``record.reason.<reason>`` in the catalogs.
    :ivar values: the figures the reason's text needs (``n``, ``low``, ``high``, ``values``).

    Callers read these attributes; nobody parses the English text of ``str(error)``.
    """

    def __init__(self, collection: str, field: str, reason: str, **values: object) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown reason {reason!r}")
        self.collection = collection
        self.field = field
        self.reason = reason
        self.values = values
        where = f"{collection}.{field}" if field else collection
        super().__init__(f"{where}: {REASONS[reason].format(**values)}")

    @property
    def message_key(self) -> str:
        """The catalog key of the reason's text for people."""
        return f"record.reason.{self.reason}"


def _fail(collection: str, field: str, reason: str, **values: object) -> RecordInvalid:
    return RecordInvalid(collection, field, reason, **values)


def _text(
    collection: str,
    record: dict,
    field: str,
    *,
    limit: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    value = record.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _fail(collection, field, "text")
    value = value.strip()
    if required and not value:
        raise _fail(collection, field, "required")
    if len(value) > limit:
        raise _fail(collection, field, "too_long", n=limit)
    cleaned = value.replace("\r\n", "\n")
    if CONTROL_RE.search(cleaned) or (not multiline and "\n" in cleaned):
        raise _fail(collection, field, "control")
    return cleaned


def _ident(
    collection: str, record: dict, field: str = "id", *, required: bool = True
) -> str | None:
    value = record.get(field)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str) or not ID_RE.match(value):
        raise _fail(collection, field, "ident")
    return value


def _text_list(collection: str, record: dict, field: str, *, limit: int = MAX_SHORT) -> list[str]:
    value = record.get(field) or []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _fail(collection, field, "list", n=MAX_LIST)
    cleaned = []
    for item in value:
        if (
            not isinstance(item, str)
            or not item.strip()
            or len(item) > limit
            or CONTROL_RE.search(item)
        ):
            raise _fail(collection, field, "list_item")
        cleaned.append(item.strip())
    return cleaned


def _hot_questions(collection: str, record: dict, field: str) -> list[str]:
    """At most :data:`MAX_HIGHLIGHTS` distinct one-line questions of plain text."""
    value = record.get(field) or []
    if not isinstance(value, list) or len(value) > MAX_HIGHLIGHTS:
        raise _fail(collection, field, "list", n=MAX_HIGHLIGHTS)
    cleaned: list[str] = []
    for item in value:
        text = item.strip() if isinstance(item, str) else ""
        if not text or len(text) > MAX_HOT_QUESTION or LINE_BREAK_OR_CONTROL_RE.search(text):
            raise _fail(collection, field, "hot_question", n=MAX_HOT_QUESTION)
        if text in cleaned:
            raise _fail(collection, field, "duplicate")
        cleaned.append(text)
    return cleaned


def _id_list(collection: str, record: dict, field: str) -> list[str]:
    """At most :data:`MAX_HIGHLIGHTS` distinct record ids."""
    value = record.get(field) or []
    if not isinstance(value, list) or len(value) > MAX_HIGHLIGHTS:
        raise _fail(collection, field, "id_list", n=MAX_HIGHLIGHTS)
    if any(not isinstance(item, str) or not ID_RE.match(item) for item in value):
        raise _fail(collection, field, "id_list", n=MAX_HIGHLIGHTS)
    if len(set(value)) != len(value):
        raise _fail(collection, field, "duplicate")
    return list(value)


def _timestamp(collection: str, record: dict, field: str, *, required: bool = True) -> str | None:
    value = record.get(field)
    if value in (None, "") and not required:
        return None
    if not isinstance(value, str):
        raise _fail(collection, field, "timestamp")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _fail(collection, field, "timestamp") from None
    if parsed.tzinfo is None:
        raise _fail(collection, field, "utc_offset")
    return value


def _number(collection: str, record: dict, field: str, low: float, high: float) -> float:
    value = record.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(collection, field, "number")
    if not low <= value <= high:
        raise _fail(collection, field, "between", low=low, high=high)
    return float(value)


def _category(record: dict) -> dict:
    c = "categories"
    sort = record.get("sort", 0)
    if isinstance(sort, bool) or not isinstance(sort, int):
        raise _fail(c, "sort", "whole_number")
    return {
        "id": _ident(c, record),
        "name": _text(c, record, "name", limit=40),
        "name_en": _text(c, record, "name_en", limit=60, required=False),
        "icon": _text(c, record, "icon", limit=40, required=False),
        "sort": sort,
        # optional, so records published before they existed still validate (as empty lists)
        "hot_questions": _hot_questions(c, record, "hot_questions"),
        "popular": _id_list(c, record, "popular"),
    }


def _institution(record: dict) -> dict:
    c = "institutions"
    kind = record.get("type")
    if kind not in INSTITUTION_TYPES:
        raise _fail(c, "type", "one_of", values=", ".join(INSTITUTION_TYPES))
    datum = record.get("datum", "gcj02")
    if datum not in DATUMS:
        raise _fail(c, "datum", "one_of", values=", ".join(DATUMS))
    return {
        "id": _ident(c, record),
        "type": kind,
        "name": _text(c, record, "name", limit=MAX_SHORT),
        "address": _text(c, record, "address", limit=MAX_SHORT),
        "district": _text(c, record, "district", limit=80, required=False),
        "lat": _number(c, record, "lat", -90.0, 90.0),
        "lng": _number(c, record, "lng", -180.0, 180.0),
        "datum": datum,
        "phone": _text(c, record, "phone", limit=40, required=False),
        "hours": _text(c, record, "hours", limit=MAX_SHORT, required=False),
        "services": _text_list(c, record, "services"),
        "updated_at": _timestamp(c, record, "updated_at"),
    }


def _duty_hours(record: dict) -> list[dict]:
    c = "advisers"
    value = record.get("duty_hours") or []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _fail(c, "duty_hours", "periods")
    periods = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"weekday", "start", "end"}:
            raise _fail(c, "duty_hours", "period_shape")
        weekday, start, end = item.get("weekday"), item.get("start"), item.get("end")
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise _fail(c, "duty_hours", "weekday")
        if not (
            isinstance(start, str)
            and TIME_RE.match(start)
            and isinstance(end, str)
            and TIME_RE.match(end)
        ):
            raise _fail(c, "duty_hours", "time")
        if start >= end:
            raise _fail(c, "duty_hours", "start_before_end")
        periods.append({"weekday": weekday, "start": start, "end": end})
    return periods


def _adviser(record: dict) -> dict:
    c = "advisers"
    return {
        "id": _ident(c, record),
        "name": _text(c, record, "name", limit=40),
        "title": _text(c, record, "title", limit=40, required=False),
        "institution_id": _ident(c, record, "institution_id", required=False),
        "serves": _text_list(c, record, "serves", limit=80),
        "duty_hours": _duty_hours(record),
        "phone": _text(c, record, "phone", limit=40, required=False),
        "updated_at": _timestamp(c, record, "updated_at"),
    }


def _iso_date(collection: str, field: str, value: object) -> str:
    """``""`` or a real calendar day written ``YYYY-MM-DD``."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str) or not DATE_RE.match(value):
        raise _fail(collection, field, "date")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _fail(collection, field, "date") from None
    return value


def _law_ref(item: object) -> dict:
    c = "articles"
    if not isinstance(item, dict) or set(item) - {"law", "article", "status", "effective"}:
        raise _fail(c, "law_refs", "law_ref_shape")
    law, article = item.get("law"), item.get("article", "")
    if not isinstance(law, str) or not law.strip() or len(law) > MAX_SHORT:
        raise _fail(c, "law_refs", "law")
    if not isinstance(article, str) or len(article) > MAX_SHORT:
        raise _fail(c, "law_refs", "article_text")
    known = known_law(law)
    status = item.get("status") or (known.status if known else "in_force")
    if status not in LAW_STATUSES:
        raise _fail(c, "law_refs", "law_status", values=", ".join(LAW_STATUSES))
    effective = _iso_date(c, "law_refs", item.get("effective")) or (
        known.effective if known else ""
    )
    if "repealed" in (status, known.status if known else ""):
        if known is not None and known.replaced_by:
            raise _fail(
                c,
                "law_refs",
                "repealed_law",
                law=law_key(law),
                since=known.effective,
                replaced_by=known.replaced_by,
            )
        raise _fail(c, "law_refs", "repealed_law_unreplaced", law=law_key(law))
    return {
        "law": law.strip(),
        "article": article.strip(),
        "status": status,
        "effective": effective,
    }


def _law_refs(record: dict) -> list[dict]:
    value = record.get("law_refs") or []
    if not isinstance(value, list) or len(value) > MAX_LIST:
        raise _fail("articles", "law_refs", "law_refs")
    return [_law_ref(item) for item in value]


def _article(record: dict) -> dict:
    c = "articles"
    media = record.get("media") or []
    if not isinstance(media, list) or any(
        not isinstance(m, str) or not SHA256_RE.match(m) for m in media
    ):
        raise _fail(c, "media", "media_list")
    status = record.get("status", "published")
    if status not in ARTICLE_STATUSES:
        raise _fail(c, "status", "published_only")
    return {
        "id": _ident(c, record),
        "category_id": _ident(c, record, "category_id"),
        "title": _text(c, record, "title", limit=MAX_TITLE),
        "summary": _text(c, record, "summary", limit=MAX_SUMMARY, required=False, multiline=True),
        "body": _text(c, record, "body", limit=MAX_BODY, multiline=True),
        "tags": _text_list(c, record, "tags", limit=20),
        "law_refs": _law_refs(record),
        "media": media,
        "status": status,
        "review_by": _iso_date(c, "review_by", record.get("review_by")),
        "updated_at": _timestamp(c, record, "updated_at"),
    }


MAX_SYNONYM_CHARS = 20
MAX_SYNONYM_TARGETS = 10
SYNONYM_WORD_RE = re.compile(r"^[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def _synonym_word(collection: str, field: str, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(collection, field, "text")
    word = value.strip()
    if not (0 < len(word) <= MAX_SYNONYM_CHARS) or not SYNONYM_WORD_RE.match(word):
        raise _fail(collection, field, "synonym_word", n=MAX_SYNONYM_CHARS)
    return word.lower()


def _synonym(record: dict) -> dict:
    """A resident's word and the content words (or one guide) it stands for.

    Words are what the search matches: Chinese characters, letters or digits only, no spaces or
    punctuation, at most :data:`MAX_SYNONYM_CHARS` each.
    """
    c = "synonyms"
    targets = record.get("targets") or []
    if not isinstance(targets, list) or len(targets) > MAX_SYNONYM_TARGETS:
        raise _fail(c, "targets", "list", n=MAX_SYNONYM_TARGETS)
    words = []
    for target in targets:
        word = _synonym_word(c, "targets", target)
        if word not in words:
            words.append(word)
    article_id = _ident(c, record, "article_id", required=False) or ""
    if not words and not article_id:
        raise _fail(c, "targets", "synonym_target")
    weight = record.get("weight", 0.9)
    return {
        "id": _ident(c, record),
        "word": _synonym_word(c, "word", record.get("word")),
        "targets": words,
        "article_id": article_id,
        "weight": _number(c, {"weight": weight}, "weight", 0.1, 1.0),
        "updated_at": _timestamp(c, record, "updated_at"),
    }


def _announcement(record: dict) -> dict:
    c = "announcements"
    return {
        "id": _ident(c, record),
        "title": _text(c, record, "title", limit=MAX_TITLE),
        "body": _text(c, record, "body", limit=2000, required=False, multiline=True),
        "starts_at": _timestamp(c, record, "starts_at", required=False),
        "ends_at": _timestamp(c, record, "ends_at", required=False),
        "updated_at": _timestamp(c, record, "updated_at"),
    }


def _media(record: dict) -> dict:
    c = "media"
    sha = record.get("id")
    if not isinstance(sha, str) or not SHA256_RE.match(sha):
        raise _fail(c, "id", "sha256")
    mime = record.get("mime")
    if mime not in MEDIA_MIME_TYPES:
        raise _fail(c, "mime", "one_of", values=", ".join(MEDIA_MIME_TYPES))
    size = record.get("size")
    if isinstance(size, bool) or not isinstance(size, int) or not 0 < size <= MAX_MEDIA_BYTES:
        raise _fail(c, "size", "media_size", n=MAX_MEDIA_BYTES)
    return {
        "id": sha,
        "mime": mime,
        "size": size,
        "name": _text(c, record, "name", limit=MAX_SHORT, required=False),
    }


_VALIDATORS = {
    "categories": _category,
    "institutions": _institution,
    "advisers": _adviser,
    "articles": _article,
    "synonyms": _synonym,
    "announcements": _announcement,
    "media": _media,
}


def validate_record(collection: str, record: object) -> dict:
    """Return a cleaned copy of ``record`` or raise :class:`RecordInvalid`.

    Unknown fields are refused, so a typo never silently drops data.
    """
    if collection not in _VALIDATORS:
        raise RecordInvalid(collection, "", "unknown_collection")
    if not isinstance(record, dict):
        raise RecordInvalid(collection, "", "not_object")
    cleaned = _VALIDATORS[collection](record)
    unknown = sorted(set(record) - set(cleaned))
    if unknown:
        raise _fail(collection, unknown[0], "unknown_field")
    return cleaned


def validate_id(collection: str, value: object) -> str:
    """Validate one id of a ``delete`` list."""
    if collection == "media":
        if not isinstance(value, str) or not SHA256_RE.match(value):
            raise _fail(collection, "delete", "sha256")
        return value
    if not isinstance(value, str) or not ID_RE.match(value):
        raise _fail(collection, "delete", "ident")
    return value
