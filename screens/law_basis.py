"""The "法律依据" lines under a guide: each law with its article and since when it applies.

Plain functions over a guide's ``law_refs`` and a translator (``tr(key, **values)``), so the
wording is tested without a window. Refs held from before statuses were published (an older hub)
are completed from :data:`contract.laws.KNOWN_LAWS`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from contract.laws import known_law, law_key

Translate = Callable[..., str]


def spoken_date(tr: Translate, iso: str) -> str:
    """``2021-01-01`` as the catalog writes a date (``2021年1月1日``); "" for no or a bad date."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return ""
    return tr("article.date", year=day.year, month=day.month, day=day.day)


def _since(tr: Translate, status: str, effective: str, replaced_by: str | None) -> str:
    when = spoken_date(tr, effective)
    if status == "repealed":
        if replaced_by:
            return tr("article.law_repealed_by", date=when, replaced_by=replaced_by)
        return tr("article.law_repealed")
    if not when:
        return ""
    key = "article.law_amended_since" if status == "amended" else "article.law_in_force_since"
    return tr(key, date=when)


def law_line(tr: Translate, ref: dict) -> str:
    """One reference, e.g. ``《民法典》第一千零七十九条 · 2021年1月1日起施行``."""
    known = known_law(ref.get("law", ""))
    status = ref.get("status") or (known.status if known else "in_force")
    effective = ref.get("effective") or (known.effective if known else "")
    name = tr("article.law_name", law=law_key(ref.get("law", "")), article=ref.get("article", ""))
    since = _since(tr, status, effective, known.replaced_by if known else None)
    return tr("article.law_line", ref=name.strip(), since=since) if since else name.strip()


def law_lines(tr: Translate, refs: list[dict] | None) -> list[str]:
    """Every reference of a guide as a line to show, in the guide's order."""
    return [law_line(tr, ref) for ref in refs or [] if ref.get("law")]
