"""The village file (一村一卷) as a printable A4 PDF with the Chinese font embedded (fpdf2).

:func:`village_pdf` lays out what :func:`hub.admin.village_file.shown_rows` gives (the same text
as the page and the CSV): a title, the period and totals, one table row per service (the table's
head repeats on every page), page numbers, a line for the reviewer's signature, and — when asked
— the entries' photos after it, two abreast, each under the entry it belongs to.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import WrapMode

from .pdf_font import cjk_font

FONT = "cjk"
# Column widths in mm of the 190 mm between A4's 10 mm margins.
COLUMNS = (
    ("day", 21),
    ("service", 24),
    ("adviser", 24),
    ("time", 20),
    ("hours", 11),
    ("people", 11),
    ("outcome", 27),
    ("note", 52),
)


PHOTO_WIDTH_MM = 92
PHOTO_GAP_MM = 6


@dataclass(frozen=True)
class PhotoGroup:
    """The photos of one entry: ``caption`` (date, service, adviser) and JPEG files of
    ``(bytes, width px, height px)``."""

    caption: str
    images: list[tuple[bytes, int, int]]


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 6, self.footer_text.replace("{page}", str(self.page_no())), align="C")


def _fonts(pdf: FPDF) -> None:
    regular, bold = cjk_font(), cjk_font(bold=True)
    pdf.add_font(FONT, "", regular.path, collection_font_number=regular.index)
    pdf.add_font(FONT, "B", bold.path, collection_font_number=bold.index)


def village_pdf(
    t,
    *,
    title: str,
    lines: list[str],
    rows: list[dict],
    empty: str,
    photos: list[PhotoGroup] | None = None,
) -> bytes:
    """The PDF's bytes: ``title``, the ``lines`` under it, then ``rows`` (dicts of the
    :data:`COLUMNS` keys, already text) or ``empty`` when there are none, then ``photos``.

    :raises PdfFontMissing: when no Chinese font is installed.
    """
    pdf = _Document(format="A4", unit="mm")
    pdf.footer_text = t("village_file.pdf.page", page="{page}", pages="{nb}")
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(title)
    pdf.set_creator("legal-hub")
    _fonts(pdf)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    if not rows:
        pdf.multi_cell(0, 8, empty, new_x="LMARGIN", new_y="NEXT")
    else:
        _table(pdf, t, rows)
    pdf.ln(8)
    pdf.set_font(FONT, "", 10)
    pdf.cell(0, 8, t("village_file.pdf.sign"), new_x="LMARGIN", new_y="NEXT")
    if photos:
        _photos(pdf, t, photos)
    return bytes(pdf.output())


def fitted_size(width_px: int, height_px: int, tallest_mm: float) -> tuple[float, float]:
    """``(width, height)`` in mm of a picture shown :data:`PHOTO_WIDTH_MM` wide, or narrower
    when it would be taller than ``tallest_mm``."""
    width = min(PHOTO_WIDTH_MM, tallest_mm * width_px / height_px)
    return width, width * height_px / width_px


def _photos(pdf: FPDF, t, groups: list[PhotoGroup]) -> None:
    pdf.add_page()
    pdf.set_font(FONT, "B", 13)
    pdf.cell(0, 9, t("village_file.pdf.photos"), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.h - pdf.b_margin
    for group in groups:
        pdf.set_font(FONT, "B", 10)
        if pdf.get_y() + 40 > bottom:
            pdf.add_page()
        pdf.multi_cell(0, 6, group.caption, new_x="LMARGIN", new_y="NEXT")
        tallest = bottom - pdf.t_margin - 12  # a very tall picture is narrowed to fit a page
        fitted = [fitted_size(w, h, tallest) + (data,) for data, w, h in group.images]
        for start in range(0, len(fitted), 2):
            pair = fitted[start : start + 2]
            height = max(h for _w, h, _data in pair)
            if pdf.get_y() + height > bottom:
                pdf.add_page()
            top = pdf.get_y()
            for n, (width, _h, data) in enumerate(pair):
                x = pdf.l_margin + n * (PHOTO_WIDTH_MM + PHOTO_GAP_MM)
                pdf.image(io.BytesIO(data), x=x, y=top, w=width)
            pdf.set_y(top + height + 3)
        pdf.ln(2)


def _table(pdf: FPDF, t, rows: list[dict]) -> None:
    pdf.set_font(FONT, "", 8.5)
    with pdf.table(
        col_widths=tuple(width for _key, width in COLUMNS),
        wrapmode=WrapMode.CHAR,
        line_height=4.6,
        first_row_as_headings=True,
        text_align="LEFT",
    ) as table:
        head = table.row()
        for key, _width in COLUMNS:
            head.cell(t(f"village_file.column.{key}"))
        for row in rows:
            cells = table.row()
            for key, _width in COLUMNS:
                cells.cell(row["pdf_note"] if key == "note" else row[key])
