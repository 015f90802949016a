"""What a take-home ticket says (issue 13): a guide's ticket holds its title and short summary, a
place's its address, phone and hours, in both languages — read from the lines the ticket layout
drew for the very ticket that was printed — and the preview on screen shows the same pixels the
file printer (a real backend) wrote."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.support.screenshots import screenshot_dir

pytestmark = pytest.mark.ui


def _preview_and_print(ui):
    preview = ui.app.ticket_preview
    assert preview is not None and preview.picture.texture is not None
    ui.tap(preview.print_button)
    ui.settle()
    assert ui.app.message.text == ui.app.tr("printing.done")
    ui.tap(ui.app.message.ids.ok)


class RecordingTickets:
    """The app's tickets part as it is, keeping each ticket it was asked to render."""

    def __init__(self, tickets) -> None:
        self._tickets = tickets
        self.rendered: list = []

    def __getattr__(self, name):
        return getattr(self._tickets, name)

    def render_ticket(self, ticket, **kwargs):
        self.rendered.append((ticket, kwargs))
        return self._tickets.render_ticket(ticket, **kwargs)


@pytest.fixture
def tickets(ui):
    kept = ui.app.services.tickets
    ui.app.services.tickets = RecordingTickets(kept)
    yield ui.app.services.tickets
    ui.app.services.tickets = kept


def preview_pixels(preview) -> tuple[tuple[int, int], bytes]:
    """What the preview draws: its texture's RGBA, top row first (textures are stored bottom-up)."""
    texture = preview.picture.texture
    width, height = texture.size
    rows = [texture.pixels[i * width * 4 : (i + 1) * width * 4] for i in range(height)]
    return (width, height), b"".join(rows if texture.tex_coords[1] > 0.5 else rows[::-1])


def printed_ticket(ui, tickets, file_printer):
    """Preview → 打印 → the printed PNG, checked to be the image previewed and the ticket
    rendered; returns the ticket's lines of text as the layout broke them on that paper."""
    from kiosk.tickets.ticket import render_ticket, ticket_lines

    preview = ui.app.ticket_preview
    shown = preview_pixels(preview)
    _preview_and_print(ui)
    printed = Image.open(file_printer.last_path)
    assert shown == (printed.size, printed.convert("RGBA").tobytes())  # the preview is the paper
    (ticket, options) = tickets.rendered[-1]
    assert printed.convert("L").tobytes() == render_ticket(ticket, **options).tobytes()
    return ticket_lines(ticket, **options)


def in_lines(text: str, lines: list[str]) -> bool:
    """``text`` on the ticket, maybe broken over lines (a break drops no character but spaces)."""
    joined = "".join(lines).replace(" ", "")
    return text.replace(" ", "") in joined


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_guide_ticket_holds_its_title_and_short_summary(ui, file_printer, tickets, lang):
    from kiosk.tickets.ticket import SUMMARY_CHARS

    ui.app.lang = lang
    store = ui.app.services.store
    guides = [
        a for c in store.categories_with_counts() for a in store.articles_in_category(c["id"])
    ]
    article = max(guides, key=lambda a: len(a.get("summary") or ""))  # the longest is shortened
    ui.app.nav.go("article", article_id=article["id"])
    ui.settle()
    ui.tap(ui.screen("article").ids.print_guide)
    ui.settle()
    lines = printed_ticket(ui, tickets, file_printer)
    summary = " ".join(article["summary"].split())
    assert in_lines(article["title"], lines), lines
    if len(summary) > SUMMARY_CHARS:
        assert in_lines(summary[: SUMMARY_CHARS - 1] + "…", lines), lines
        assert not in_lines(summary, lines)
    else:
        assert in_lines(summary, lines), lines
    body_start = article["body"].split("\n")[0][:40]
    assert body_start not in summary and not in_lines(body_start, lines)  # short: not the guide
    assert in_lines(ui.app.tr("tickets.heading.guide"), lines)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_place_ticket_holds_its_address_phone_and_hours(ui, file_printer, tickets, lang):
    from contract.i18n import Translator

    ui.app.lang = lang
    store = ui.app.services.store
    place = next(p for p in store.institutions() if p.get("hours") and p.get("phone"))
    ui.app.nav.go("institution", place=place)
    ui.settle()
    ui.tap(ui.screen("institution").ids.print_place)
    ui.settle()
    from kivy.core.window import Window

    Window.screenshot(name=str(screenshot_dir() / f"ticket-preview-place-{lang}.png"))
    lines = printed_ticket(ui, tickets, file_printer)
    t = Translator(lang)
    assert in_lines(place["name"], lines), lines
    assert in_lines(t("tickets.label.place", place=place["address"]), lines), lines
    assert in_lines(t("tickets.label.phone", phone=place["phone"]), lines), lines
    assert in_lines(t("tickets.label.hours", hours=place["hours"]), lines), lines
