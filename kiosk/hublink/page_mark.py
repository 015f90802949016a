"""The ``"page"`` part of a paged ``GET /content`` answer: which part of a change set it is.

``{"after": cursor | null, "next": cursor | null}``: the key this page starts after (``null`` on
the first page) and the key the next page starts after (``null`` on the last). It is inside the
signed body, so a page replayed from another place of the change set is caught by comparing
``after`` with the cursor asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from contract.api import CONTENT_CURSOR_RE
from kiosk.errors import ContentRejected

__all__ = ["PageMark", "parse_page_mark"]


@dataclass(frozen=True)
class PageMark:
    after: str | None
    next: str | None

    @property
    def last(self) -> bool:
        return self.next is None


def _refused(detail: str) -> ContentRejected:
    return ContentRejected(f"bad_shape: {detail}", reason="bad_shape")


def _cursor(raw: dict, name: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not CONTENT_CURSOR_RE.match(value):
        raise _refused(f"page.{name} must be a cursor collection:id or null")
    return value


def parse_page_mark(raw: object) -> PageMark | None:
    """``None`` for a whole (unpaged) answer; raises ContentRejected (``bad_shape``) if malformed."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"after", "next"}:
        raise _refused("page must be an object {after, next}")
    return PageMark(after=_cursor(raw, "after"), next=_cursor(raw, "next"))
