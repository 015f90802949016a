"""What the CJK font can draw, and text without what it cannot (no empty boxes on screen or paper)."""

import pytest

from kiosk.font_coverage import Coverage, font_coverage, parse_charset
from kiosk.tickets.fonts import drawable, find_cjk_face
from kiosk.tickets.ticket import Ticket, render_ticket


def test_parse_charset_merges_ranges():
    coverage = parse_charset("20-7e a0-ff 4e00-9fff 3000 3001-3003")
    assert coverage.covers("A") and coverage.covers("离") and coverage.covers("\u3002")
    assert not coverage.covers("\x7f") and not coverage.covers("😀")
    assert len(coverage) == (0x7E - 0x20 + 1) + (0xFF - 0xA0 + 1) + (0x9FFF - 0x4E00 + 1) + 4


@pytest.mark.parametrize("bad", ["xyz", "7e-20", "-"])
def test_parse_charset_refuses_garbage(bad):
    with pytest.raises(ValueError):
        parse_charset(bad)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("张三律师", "张三律师"),
        ("表情😀👨\u200d👩\u200d👧", "表情"),
        ("\u202e反向\u202c与\u200f标记", "反向与标记"),
        ("第一行\n第二行\t完", "第一行\n第二行\t完"),
        ("", ""),
    ],
)
def test_visible_drops_only_what_the_font_lacks(text, shown):
    coverage = Coverage([(0x20, 0x7E), (0x4E00, 0x9FFF)])
    assert coverage.visible(text) == shown


def test_the_installed_cjk_font_covers_chinese_and_not_emoji():
    face = find_cjk_face()
    coverage = font_coverage(face.path, face.index)
    assert coverage is not None
    assert coverage.visible("宅基地 㐇 曾 单 12348（一）") == "宅基地 㐇 曾 单 12348（一）"
    assert coverage.visible("调解😀委员会") == "调解委员会"


def test_a_missing_font_file_filters_nothing(tmp_path):
    assert font_coverage(tmp_path / "no-such-font.ttc") is None


def test_tickets_print_no_box_for_an_emoji():
    assert drawable("法律援助🎉中心") == "法律援助中心"
    with_emoji = render_ticket(Ticket(kind="guide", title="劳动合同😀到期不续签", qr_payload="x"))
    without = render_ticket(Ticket(kind="guide", title="劳动合同到期不续签", qr_payload="x"))
    assert with_emoji.tobytes() == without.tobytes()
