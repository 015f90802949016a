"""The village file (一村一卷) as a printable A4 PDF with the Chinese font embedded (fpdf2).

:func:`village_pdf` lays out what :func:`hub.admin.village_file.shown_rows` gives (the same text
as the page and the CSV): a title, the period and totals, one table row per service (the table's
head repeats on every page), page numbers, and a line for the reviewer's signature.
"""

from __future__ import annotations

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


def village_pdf(t, *, title: str, lines: list[str], rows: list[dict], empty: str) -> bytes:
    """The PDF's bytes: ``title``, the ``lines`` under it, then ``rows`` (dicts of the
    :data:`COLUMNS` keys, already text) or ``empty`` when there are none.

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
    return bytes(pdf.output())


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
