"""The printed ticket: one black-and-white Pillow image, the same on screen and on paper.

Layout from top to bottom: heading, title, date and time, place, details, the booking code in
large type, the QR code with a caption, the 12348 line and a one-line privacy note. Widths are
the printable dots of thermal paper at 203 dpi: 384 for 58 mm, 576 for 80 mm. All text comes from
the ``tickets`` catalog in the ticket's own language.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from PIL import Image, ImageDraw

from contract.i18n import Translator
from kiosk.local_time import DEFAULT_TIMEZONE, to_local
from kiosk.tickets.fonts import cjk_font, drawable
from kiosk.tickets.qr import PRINT_MIN_BOX_PX, box_px_for_width, qr_matrix, render_matrix
from kiosk.tickets.qr_payloads import (
    article_payload,
    booking_payload,
    hotline_payload,
    navigation_payload,
)
from kiosk.tickets.text_layout import fit_one_line, wrap

logger = logging.getLogger(__name__)

PAPER_WIDTH_PX = {58: 384, 80: 576}
PRINT_DPI = 203
# The date-and-time line: its size and the smallest it may shrink to before the time range goes
# on a line of its own (sizes in dots on 58 mm paper, scaled for 80 mm).
WHEN_SIZE, WHEN_MIN_SIZE = 22, 18
QR_MAX_BOX_PX = 8  # 1 mm modules: big enough; more only makes the ticket longer
TICKET_KINDS = ("booking", "guide", "place", "hotline", "calc")
_BLACK, _WHITE = 0, 255


SUMMARY_CHARS = 90  # a guide's summary on its ticket: a few lines, the QR carries the rest


@dataclass(frozen=True)
class Ticket:
    """What a ticket shows. Texts are content (already in the resident's language).

    :param kind: one of :data:`TICKET_KINDS`; picks the heading and the QR caption.
    :param start: date and time of the booking (aware datetime, shown in its own offset).
    :param end: optional end time, shown as a range.
    """

    kind: str
    title: str
    qr_payload: str = ""
    place: str = ""
    start: datetime | None = None
    end: datetime | None = None
    code: str = ""
    details: tuple[str, ...] = field(default_factory=tuple)
    figure: str = ""  # a calculator's answer, in large type under the title
    language: str = "zh_CN"

    @classmethod
    def for_booking(
        cls,
        booking: dict,
        *,
        place: str,
        hub_url: str = "",
        language: str = "zh_CN",
        title: str = "",
        adviser: str = "",
        timezone: str = DEFAULT_TIMEZONE,
    ) -> Ticket:
        """The ticket for a booking as the hub answered it (``code``, ``start``, ``end``, ``join_url``).

        Times are printed in ``timezone`` (the terminal's ``terminal.timezone``). ``adviser``
        names the adviser (法律顾问：…); ``title`` replaces that line. The ticket says what to do
        next (come back and enter the code, or scan the QR). The resident's own name and phone,
        even when present in ``booking``, are never put on the ticket.
        """
        t = Translator(language)
        start, end = _when(booking.get("start"), timezone), _when(booking.get("end"), timezone)
        adviser = adviser or str(booking.get("adviser_name") or "")
        if not title and adviser:
            title = t("tickets.label.adviser", adviser=adviser)
        return cls(
            kind="booking",
            title=title or str(booking.get("topic") or ""),
            qr_payload=booking_payload(booking, hub_url=hub_url, language=language),
            place=place,
            start=start,
            end=end,
            code=str(booking["code"]),
            details=(t("tickets.next_step.booking"),),
            language=language,
        )

    @classmethod
    def for_article(cls, article: dict, *, hub_url: str = "", language: str = "zh_CN") -> Ticket:
        """A guide to take home: its title, a short summary and the QR code of its page."""
        payload = article_payload(hub_url, article, language=language)
        summary = " ".join(str(article.get("summary") or "").split())
        if len(summary) > SUMMARY_CHARS:
            summary = summary[: SUMMARY_CHARS - 1] + "…"
        return cls(
            kind="guide",
            title=str(article.get("title", "")),
            qr_payload=payload,
            details=(summary,) if summary else (),
            language=language,
        )

    @classmethod
    def for_institution(
        cls, institution: dict, *, app: str = "amap", language: str = "zh_CN"
    ) -> Ticket:
        """The way to an institution: name, address, phone and hours, and the map link."""
        t = Translator(language)
        details = tuple(
            t(f"tickets.label.{key}", **{key: institution[key]})
            for key in ("phone", "hours")
            if institution.get(key)
        )
        return cls(
            kind="place",
            title=str(institution.get("name", "")),
            place=str(institution.get("address", "")),
            qr_payload=navigation_payload(institution, app=app),
            details=details,
            language=language,
        )

    @classmethod
    def for_calculation(
        cls, *, title: str, figure: str, lines: tuple[str, ...] | list[str], language: str = "zh_CN"
    ) -> Ticket:
        """A calculator's estimate to take home: the figure, the working, the law and the notice
        (texts already in ``language``), with the 12348 QR to ask about it."""
        return cls(
            kind="calc",
            title=title,
            figure=figure,
            qr_payload=hotline_payload(),
            details=tuple(lines),
            language=language,
        )


def _when(value: str | datetime | None, timezone: str = DEFAULT_TIMEZONE) -> datetime | None:
    if value is None:
        return None
    return to_local(
        value if isinstance(value, datetime) else datetime.fromisoformat(value), timezone
    )


def format_date(start: datetime, language: str) -> str:
    """The date with its weekday in the catalog's format, e.g. 2026年11月27日 星期五."""
    t = Translator(language)
    return t(
        "tickets.date",
        year=start.year,
        month=start.month,
        day=start.day,
        month_name=t(f"tickets.month.{start.month}"),
        weekday=t(f"tickets.weekday.{start.weekday()}"),
    )


def format_time_range(start: datetime, end: datetime | None, language: str) -> str:
    """``14:30–15:00`` (or ``14:30`` without an end), in the offset the times carry."""
    t = Translator(language)
    text = t("tickets.time", hour=start.hour, minute=start.minute)
    if end is not None:
        text += t("tickets.time_range_end", hour=end.hour, minute=end.minute)
    return text


def format_when(start: datetime, end: datetime | None, language: str) -> str:
    """Date and time in the catalog's format, e.g. 2026年11月27日 星期五 14:30–15:00."""
    return Translator(language)(
        "tickets.date_and_time",
        date=format_date(start, language),
        time=format_time_range(start, end, language),
    )


class _Sheet:
    """A tall white canvas with a cursor; text and images are stacked on it, then cropped."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.scale = width / PAPER_WIDTH_PX[58]
        self.margin = round(8 * self.scale)
        self.image = Image.new("L", (width, 6000), _WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.y = self.margin
        self.lines: list[str] = []  # every line of text as drawn, top to bottom

    def px(self, size: float) -> int:
        return max(8, round(size * self.scale))

    def gap(self, size: float) -> None:
        self.y += self.px(size)

    def text(self, text: str, size: float, *, bold: bool = False, center: bool = False) -> None:
        font = cjk_font(self.px(size), bold)
        line_height = round(font.size * 1.3)
        for line in wrap(drawable(text, bold), font, self.width - 2 * self.margin):
            x = self.margin
            if center:
                x = (self.width - round(font.getlength(line))) // 2
            self.draw.text((x, self.y), line, font=font, fill=_BLACK)
            self.lines.append(line)
            self.y += line_height

    def fits(self, text: str, size: float, min_size: float, *, bold: bool = False) -> bool:
        """Can ``text`` be drawn on one line at ``min_size`` or larger (up to ``size``)?"""
        font = fit_one_line(
            drawable(text, bold), self.px(size), self.width - 2 * self.margin, bold=bold
        )
        return (
            font.size >= self.px(min_size)
            and font.getlength(drawable(text, bold)) <= self.width - 2 * self.margin
        )

    def one_line(self, text: str, size: float, *, bold: bool = False) -> None:
        """Centred on one line, shrinking the type until it fits."""
        text = drawable(text, bold)
        font = fit_one_line(text, self.px(size), self.width - 2 * self.margin, bold=bold)
        x = (self.width - round(font.getlength(text))) // 2
        self.draw.text((x, self.y), text, font=font, fill=_BLACK)
        self.lines.append(text)
        self.y += round(font.size * 1.3)

    def rule(self) -> None:
        self.gap(4)
        thickness = max(2, round(2 * self.scale))
        self.draw.rectangle(
            (self.margin, self.y, self.width - self.margin, self.y + thickness - 1), fill=_BLACK
        )
        self.y += thickness + self.px(6)

    def paste_center(self, image: Image.Image) -> None:
        self.image.paste(image, ((self.width - image.width) // 2, self.y))
        self.y += image.height

    def finish(self) -> Image.Image:
        self.y += self.px(16)  # room above the cutter
        cropped = self.image.crop((0, 0, self.width, self.y))
        return cropped.point(lambda v: _BLACK if v < 128 else _WHITE)


def _qr_block(sheet: _Sheet, payload: str) -> None:
    matrix = qr_matrix(payload)
    box = min(QR_MAX_BOX_PX, box_px_for_width(matrix, sheet.width - 2 * sheet.margin))
    if box < PRINT_MIN_BOX_PX:
        logger.warning(
            "QR modules of %d dots are small for print (version %d)", box, matrix.version
        )
    sheet.paste_center(render_matrix(matrix, box))


def _when_block(
    sheet: _Sheet, t: Translator, start: datetime, end: datetime | None, language: str
) -> None:
    """时间：2026年11月27日 星期五 14:30–15:00 on one line, as the done screen says it.

    When that line cannot be drawn at a readable size (:data:`WHEN_MIN_SIZE`) the date goes on one
    line and the time range on the next: the range itself is never broken in two.
    """
    whole = t("tickets.label.when", when=format_when(start, end, language))
    if sheet.fits(whole, WHEN_SIZE, WHEN_MIN_SIZE, bold=True):
        sheet.one_line(whole, WHEN_SIZE, bold=True)
        return
    sheet.one_line(t("tickets.label.when", when=format_date(start, language)), WHEN_SIZE, bold=True)
    sheet.one_line(format_time_range(start, end, language), WHEN_SIZE, bold=True)


def render_ticket(ticket: Ticket, *, paper_mm: int = 80) -> Image.Image:
    """Draw ``ticket`` for paper ``paper_mm`` (58 or 80) wide: an ``L`` image of pure black/white.

    The image is exactly what the printer prints (one pixel = one dot at 203 dpi) and what the
    screen shows as the preview.
    """
    return _draw(ticket, paper_mm).finish()


def ticket_lines(ticket: Ticket, *, paper_mm: int = 80) -> list[str]:
    """The lines of text of ``ticket`` as :func:`render_ticket` breaks them, top to bottom."""
    return _draw(ticket, paper_mm).lines


def _draw(ticket: Ticket, paper_mm: int) -> _Sheet:
    if paper_mm not in PAPER_WIDTH_PX:
        raise ValueError(f"paper_mm must be one of {sorted(PAPER_WIDTH_PX)}, not {paper_mm!r}")
    if ticket.kind not in TICKET_KINDS:
        raise ValueError(f"unknown ticket kind {ticket.kind!r}")
    t = Translator(ticket.language)
    sheet = _Sheet(PAPER_WIDTH_PX[paper_mm])
    sheet.text(t(f"tickets.heading.{ticket.kind}"), 24, bold=True, center=True)
    sheet.rule()
    if ticket.title:
        sheet.text(ticket.title, 28, bold=True)
    if ticket.figure:
        sheet.one_line(ticket.figure, 44, bold=True)
    if ticket.start is not None:
        _when_block(sheet, t, ticket.start, ticket.end, ticket.language)
    if ticket.place:
        sheet.text(t("tickets.label.place", place=ticket.place), 22)
    for line in ticket.details:
        sheet.text(line, 20)
    if ticket.code:
        sheet.gap(6)
        sheet.text(t("tickets.label.code"), 20, center=True)
        sheet.one_line(ticket.code, 72, bold=True)
    if ticket.qr_payload:
        sheet.gap(4)
        _qr_block(sheet, ticket.qr_payload)
        sheet.text(t(f"tickets.qr.caption.{ticket.kind}"), 20, center=True)
    sheet.rule()
    sheet.one_line(t("tickets.hotline_line"), 22, bold=True)
    sheet.gap(4)
    sheet.one_line(t("tickets.privacy_line"), 18)
    return sheet
