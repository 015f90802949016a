"""The demo's service standards: three the seed reports describe, as examples (the names say so).

- 宁波 "六个一": duty at the village station every week, a home visit every month, a village-affairs
  legal review every quarter, a lecture every half year, a yearly report; at most 5 villages.
- 新都 "七个一": at least 8 hours of on-site service a month, a monthly village-affairs review, a
  quarterly lecture and risk check, a yearly report; at most 3 villages.
- 聊城: at least 4 days a month in the village, 2 lectures a year.

("One file per village" is the per-village record, not a countable item.) Staff edit or replace
them on the standards page; a real bureau's figures are its own.
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from hub.crud.standards import Item, save_standard
from hub.models.tables import service_standards

EXAMPLE_STANDARDS = (
    {
        "district": "宁波市",
        "name": "宁波“六个一”（示例）",
        "village_limit": 5,
        "items": [
            Item("duty", "count", 1, "week"),
            Item("visit", "count", 1, "month"),
            Item("village_review", "count", 1, "quarter"),
            Item("lecture", "count", 1, "half_year"),
            Item("report", "count", 1, "year"),
        ],
    },
    {
        "district": "成都市新都区",
        "name": "新都“七个一”（示例）",
        "village_limit": 3,
        "items": [
            Item("any", "hours", 8, "month"),
            Item("village_review", "count", 1, "month"),
            Item("lecture", "count", 1, "quarter"),
            Item("risk_check", "count", 1, "quarter"),
            Item("report", "count", 1, "year"),
        ],
    },
    {
        "district": "聊城市",
        "name": "聊城服务标准（示例）",
        "village_limit": None,
        "items": [Item("any", "days", 4, "month"), Item("lecture", "count", 2, "year")],
    },
)


def seed_standards(conn: Connection) -> int:
    """Write the example standards (replacing the standard of the same district); how many."""
    for example in EXAMPLE_STANDARDS:
        found = conn.execute(
            select(service_standards.c.id).where(
                service_standards.c.district == example["district"]
            )
        ).scalar()
        save_standard(conn, **example, standard_id=found)
    return len(EXAMPLE_STANDARDS)
