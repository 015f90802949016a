"""What the QR codes hold: a guide, the way to an institution, a booking, the 12348 hotline.

Every payload is a plain string that :func:`kiosk.tickets.qr.qr_matrix` can encode; the same
string is shown on screen and printed. Links are preferred (a phone opens them at once); a guide
falls back to its own text when the terminal has no hub URL, cut to what one QR code holds.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from contract.i18n import Translator
from contract.maplinks import map_link
from kiosk.tickets.qr import fits

HOTLINE = "12348"
ELLIPSIS = "…"
_SPACES_RE = re.compile(r"[ \t\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n{2,}")


def _base(hub_url: str) -> str:
    return hub_url.strip().rstrip("/")


def _plain(text: str) -> str:
    """Collapse runs of spaces and blank lines so the text uses the QR's room for words."""
    text = _SPACES_RE.sub(" ", text.replace("\r\n", "\n"))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n", text).strip()


def _cut_to_fit(head: str, body: str, tail: str) -> str:
    """``head + body + tail`` with ``body`` shortened (ending in an ellipsis) until it fits a QR."""
    whole = head + body + tail
    if fits(whole):
        return whole
    low, high = 0, len(body)
    while low < high:  # largest body prefix that fits
        middle = (low + high + 1) // 2
        if fits(head + body[:middle] + ELLIPSIS + tail):
            low = middle
        else:
            high = middle - 1
    if low == 0 and not fits(head + ELLIPSIS + tail):
        return _cut_to_fit("", head, tail)
    return head + body[:low].rstrip() + ELLIPSIS + tail


def article_payload(hub_url: str, article: dict, *, language: str = "zh_CN") -> str:
    """A guide: its public hub page ``<hub_url>/p/articles/{id}``; without a hub URL, its text.

    The text form is the title, the summary (or the start of the body) and the 12348 line,
    shortened so that it fits one QR code (about 90 Chinese characters).
    """
    if hub_url and hub_url.strip():
        return f"{_base(hub_url)}/p/articles/{quote(str(article['id']), safe='')}"
    title = _plain(str(article.get("title", "")))
    summary = _plain(str(article.get("summary") or article.get("body") or ""))
    tail = "\n" + Translator(language)("tickets.qr.hotline_footer", number=HOTLINE)
    return _cut_to_fit(title + "\n" if summary else title, summary, tail)


def navigation_payload(institution: dict, *, app: str = "amap") -> str:
    """A map link (see :func:`contract.maplinks.map_link`) that fits a printable QR code.

    Chinese names grow fast once percent-encoded: the label is shortened, never the position,
    until the link fits a QR code a phone reads from a printed ticket.
    """
    name = str(institution.get("name", ""))
    for label, detail in ((name, None), (name, ""), (name[:12], ""), ("", "")):
        link = map_link(institution, app=app, label=label, detail=detail)
        if fits(link):
            return link
    return link


def booking_payload(booking: dict, *, hub_url: str = "", language: str = "zh_CN") -> str:
    """A booking: its hub page ``<hub_url>/p/bookings/{code}`` (time, code and the join link).

    Without a hub URL it is the booking's ``join_url``; with neither, a short text with the
    booking code and the 12348 line (the code is also printed in large type on the ticket).
    """
    code = str(booking.get("code", "")).strip()
    if not code:
        raise ValueError("a booking needs a code")
    if hub_url and hub_url.strip():
        return f"{_base(hub_url)}/p/bookings/{quote(code, safe='')}"
    join_url = str(booking.get("join_url") or "").strip()
    if join_url.startswith(("https://", "http://")):
        return join_url
    return Translator(language)("tickets.qr.booking_text", code=code, number=HOTLINE)


def hotline_payload() -> str:
    """The 12348 public legal-service hotline: a phone offers to call it."""
    return f"tel:{HOTLINE}"
