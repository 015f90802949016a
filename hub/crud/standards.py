"""Service standards as data: per district, what an adviser must do and how many villages they
may serve (宁波 "六个一", 新都 "七个一" …).

An item asks for an ``amount`` of one service (or ``any`` on-site service) measured as a
``count`` of entries, ``hours``, or ``days`` (distinct days with a service), ``per`` week, month,
quarter, half-year or year. A standard applies to its district and to every district whose name
starts with it (a standard for 宁波市 covers 宁波市海曙区); the longest match wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from hub.models.tables import (
    SERVICE_TYPES,
    STANDARD_MEASURES,
    STANDARD_PERIODS,
    advisers,
    institutions,
    service_standards,
    standard_items,
    terminals,
)
from hub.models.types import utcnow

ANY_SERVICE = "any"
NAME_MAX_CHARS = 80
DISTRICT_MAX_CHARS = 80
AMOUNT_MAX = 1000
VILLAGE_LIMIT_MAX = 100


@dataclass(frozen=True)
class Item:
    service: str
    measure: str
    amount: int
    per: str

    @property
    def key(self) -> str:
        """The item's name in the ledger, e.g. ``lecture.count.half_year``."""
        return f"{self.service}.{self.measure}.{self.per}"


@dataclass(frozen=True)
class Standard:
    id: int
    district: str
    name: str
    village_limit: int | None
    items: tuple[Item, ...] = field(default_factory=tuple)


class StandardInvalid(ValueError):
    """``{field: catalog key}`` of what is wrong with a standard (``items.N`` for an item)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _whole(text: object, low: int, high: int) -> int | None:
    value = str(text if text is not None else "").strip()
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        return None
    return int(value)


def check_item(raw: dict, errors: dict, where: str) -> Item | None:
    service, measure, per = (str(raw.get(k) or "") for k in ("service", "measure", "per"))
    amount = _whole(raw.get("amount"), 1, AMOUNT_MAX)
    known = (
        service in (*SERVICE_TYPES, ANY_SERVICE)
        and measure in STANDARD_MEASURES
        and per in STANDARD_PERIODS
    )
    if not known or amount is None:
        errors[where] = "standards.error.bad_item"
        return None
    return Item(service=service, measure=measure, amount=amount, per=per)


def check_standard(raw: dict) -> tuple[str, str, int | None, list[Item]]:
    """``(district, name, village_limit, items)`` from submitted fields, or :class:`StandardInvalid`.

    ``raw["items"]`` is a list of ``{service, measure, amount, per}``; blank rows are skipped.
    """
    errors: dict[str, str] = {}
    district = " ".join(str(raw.get("district") or "").split())
    name = " ".join(str(raw.get("name") or "").split())
    if not district or len(district) > DISTRICT_MAX_CHARS or not district.isprintable():
        errors["district"] = "standards.error.bad_district"
    if not name or len(name) > NAME_MAX_CHARS or not name.isprintable():
        errors["name"] = "standards.error.bad_name"
    limit_text = str(raw.get("village_limit") or "").strip()
    limit = _whole(limit_text, 1, VILLAGE_LIMIT_MAX) if limit_text else None
    if limit_text and limit is None:
        errors["village_limit"] = "standards.error.bad_limit"
    items = []
    for n, row in enumerate(raw.get("items") or []):
        if not any(str(row.get(k) or "").strip() for k in ("service", "measure", "amount", "per")):
            continue
        item = check_item(row, errors, f"items.{n}")
        if item is not None:
            items.append(item)
    if len({i.key for i in items}) != len(items):
        errors["items"] = "standards.error.repeated_item"
    if errors:
        raise StandardInvalid(errors)
    return district, name, limit, items


def save_standard(
    conn: Connection,
    *,
    district: str,
    name: str,
    village_limit: int | None,
    items: list[Item],
    standard_id: int | None = None,
) -> int:
    """Create (or with ``standard_id`` replace) a district's standard; returns its id."""
    values = {
        "district": district,
        "name": name,
        "village_limit": village_limit,
        "updated_at": utcnow(),
    }
    if standard_id is None:
        query = insert(service_standards).values(**values).returning(service_standards.c.id)
        standard_id = conn.execute(query).scalar_one()
    else:
        conn.execute(
            update(service_standards).where(service_standards.c.id == standard_id).values(**values)
        )
        conn.execute(delete(standard_items).where(standard_items.c.standard_id == standard_id))
    if items:
        conn.execute(
            insert(standard_items),
            [{"standard_id": standard_id, **item.__dict__} for item in items],
        )
    return standard_id


def district_taken(conn: Connection, *, district: str, standard_id: int | None) -> bool:
    query = select(service_standards.c.id).where(service_standards.c.district == district)
    found = conn.execute(query).scalar()
    return found is not None and found != standard_id


def all_standards(conn: Connection) -> list[Standard]:
    """Every standard with its items, by district."""
    items: dict[int, list[Item]] = {}
    for row in conn.execute(select(standard_items).order_by(standard_items.c.id)).mappings():
        items.setdefault(row["standard_id"], []).append(
            Item(row["service"], row["measure"], row["amount"], row["per"])
        )
    rows = conn.execute(select(service_standards).order_by(service_standards.c.district))
    return [
        Standard(r.id, r.district, r.name, r.village_limit, tuple(items.get(r.id, [])))
        for r in rows
    ]


def standard_by_id(conn: Connection, *, standard_id: int) -> Standard | None:
    return next((s for s in all_standards(conn) if s.id == standard_id), None)


def standard_for(standards: list[Standard], district: str) -> Standard | None:
    """The standard of ``district``: its own, or the longest one whose district it starts with."""
    matches = [s for s in standards if district and district.startswith(s.district)]
    return max(matches, key=lambda s: len(s.district), default=None)


def district_of(conn: Connection, *, adviser_id: str, institution_id: str | None = None) -> str:
    """An adviser's district: their institution's, else that of a terminal assigned to them."""
    if institution_id is None:
        institution_id = conn.execute(
            select(advisers.c.institution_id).where(advisers.c.id == adviser_id)
        ).scalar()
    if institution_id:
        found = conn.execute(
            select(institutions.c.district).where(institutions.c.id == institution_id)
        ).scalar()
        if found:
            return found
    query = (
        select(terminals.c.district)
        .where(terminals.c.adviser_id == adviser_id, terminals.c.district != "")
        .order_by(terminals.c.name)
    )
    return conn.execute(query).scalar() or ""


def villages_served(
    conn: Connection,
    *,
    adviser_id: str,
    serves: list[str] | None = None,
    terminal_id: str | None = None,
    village: str = "",
) -> list[str]:
    """The villages ``adviser_id`` serves: ``serves`` (default: their record's), those of the
    terminals assigned to them (but ``terminal_id``) and ``village`` (that terminal's new one)."""
    if serves is None:
        serves = conn.execute(select(advisers.c.serves).where(advisers.c.id == adviser_id)).scalar()
    found = {v for v in (serves or []) if isinstance(v, str) and v}
    query = select(terminals.c.village).where(
        terminals.c.adviser_id == adviser_id, terminals.c.village != ""
    )
    if terminal_id is not None:
        query = query.where(terminals.c.id != terminal_id)
    found |= {v for (v,) in conn.execute(query)}
    return sorted(found | ({village} if village else set()))


def village_limit_exceeded(
    conn: Connection, *, district: str, villages: list[str]
) -> Standard | None:
    """The standard whose village limit ``villages`` goes over (None when within it)."""
    standard = standard_for(all_standards(conn), district)
    if (
        standard
        and standard.village_limit is not None
        and len(set(villages)) > standard.village_limit
    ):
        return standard
    return None
