"""The ticket image: paper widths, pure black and white, and its QR decodes to the exact payload."""

from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from contract.i18n import Translator
from kiosk.tickets import PAPER_WIDTH_PX, Ticket, article_payload, navigation_payload, render_ticket
from kiosk.tickets.fonts import find_cjk_face
from kiosk.tickets.text_layout import wrap
from kiosk.tickets.ticket import format_when

CHINA = timezone(timedelta(hours=8))
START = datetime(2026, 11, 27, 14, 30, tzinfo=CHINA)
LONG_TEXT = (
    "用人单位与劳动者协商一致，可以解除劳动合同；劳动合同期满，用人单位不续签的，应当支付经济补偿。"
    * 6
)


def booking_ticket(**changes) -> Ticket:
    values = dict(
        kind="booking",
        title="示例律师 王某 · 婚姻家庭咨询",
        qr_payload="https://hub.example.cn/p/bookings/K7M2QX",
        place="成都市新都区新都街道示例社区公共法律服务工作室",
        start=START,
        end=START + timedelta(minutes=30),
        code="K7M2QX",
        details=("请提前 5 分钟回到本终端。",),
    )
    values.update(changes)
    return Ticket(**values)


def payloads(image: Image.Image) -> list[str]:
    return [symbol.data.decode("utf-8") for symbol in decode(image)]


def test_paper_widths_are_the_printable_dots_at_203_dpi():
    assert PAPER_WIDTH_PX == {58: 384, 80: 576}


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_booking_ticket_has_the_paper_width_and_decodes(paper_mm, language, tmp_path):
    image = render_ticket(booking_ticket(language=language), paper_mm=paper_mm)
    assert image.width == PAPER_WIDTH_PX[paper_mm]
    assert 600 < image.height < 2000
    assert image.mode == "L" and sum(image.histogram()[1:255]) == 0
    image.save(tmp_path / f"ticket-{paper_mm}-{language}.png")
    assert payloads(Image.open(tmp_path / f"ticket-{paper_mm}-{language}.png")) == [
        "https://hub.example.cn/p/bookings/K7M2QX"
    ]


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_longest_text_payload_decodes_from_the_ticket(paper_mm):
    payload = article_payload("", {"id": "a", "title": "劳动合同到期不续签", "summary": LONG_TEXT})
    image = render_ticket(
        Ticket(kind="guide", title="劳动合同到期不续签", qr_payload=payload), paper_mm=paper_mm
    )
    assert image.width == PAPER_WIDTH_PX[paper_mm]
    assert payloads(image) == [payload]


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_navigation_ticket_decodes(paper_mm):
    place = {
        "name": "示例法律援助中心",
        "address": "示例路 8 号",
        "lat": 30.82,
        "lng": 104.16,
        "datum": "wgs84",
    }
    payload = navigation_payload(place, app="baidu")
    image = render_ticket(
        Ticket(kind="place", title=place["name"], place=place["address"], qr_payload=payload),
        paper_mm=paper_mm,
    )
    assert payloads(image) == [payload]


def test_module_size_suits_print_on_both_papers():
    short_58 = decode(render_ticket(booking_ticket(), paper_mm=58))[0].rect
    short_80 = decode(render_ticket(booking_ticket(), paper_mm=80))[0].rect
    assert short_58.width == short_80.width  # links print at the same 1 mm modules on both papers
    payload = article_payload("", {"id": "a", "title": "标题", "summary": LONG_TEXT})
    long_58 = decode(
        render_ticket(Ticket(kind="guide", title="标题", qr_payload=payload), paper_mm=58)
    )[0].rect
    long_80 = decode(
        render_ticket(Ticket(kind="guide", title="标题", qr_payload=payload), paper_mm=80)
    )[0].rect
    assert long_80.width > long_58.width >= 65 * 5  # version 12 at 5 dots (0.625 mm) per module


def test_long_titles_and_places_wrap_within_the_paper():
    image = render_ticket(
        booking_ticket(title=LONG_TEXT, place=LONG_TEXT, details=(LONG_TEXT,)), paper_mm=58
    )
    assert image.width == 384
    assert payloads(image) == ["https://hub.example.cn/p/bookings/K7M2QX"]
    # nothing drawn in the outermost columns: text stayed inside the margins
    left = image.crop((0, 0, 4, image.height))
    right = image.crop((image.width - 4, 0, image.width, image.height))
    assert left.getextrema() == (255, 255) and right.getextrema() == (255, 255)


def test_wrap_keeps_words_and_never_starts_a_line_with_a_comma():
    from kiosk.tickets.fonts import cjk_font

    font = cjk_font(20)
    lines = wrap(
        "请拨打 12348 热线，或访问 https://hub.example.cn/p/articles/labour-007 查看。", font, 200
    )
    assert all(font.getlength(line) <= 200 + font.size for line in lines)
    assert not any(line.startswith(("，", "。")) for line in lines)
    assert (
        "".join(lines).replace(" ", "")
        == "请拨打12348热线，或访问https://hub.example.cn/p/articles/labour-007查看。"
    )


def test_dates_come_from_the_catalog():
    assert (
        format_when(START, START + timedelta(minutes=30), "zh_CN")
        == "2026年11月27日 星期五 14:30–15:00"
    )
    assert format_when(START, None, "en") == "Friday 27 November 2026, 14:30"


def test_font_is_found_through_fontconfig():
    face = find_cjk_face()
    assert face.path.endswith((".ttc", ".otf", ".ttf"))


def test_bad_paper_and_kind_are_refused():
    with pytest.raises(ValueError):
        render_ticket(booking_ticket(), paper_mm=76)
    with pytest.raises(ValueError):
        render_ticket(booking_ticket(kind="receipt"))


def blurred(image: Image.Image, scale: float) -> Image.Image:
    """Roughly what a phone camera sees: fewer pixels per module and soft edges."""
    from PIL import ImageFilter

    small = image.resize(
        (round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR
    )
    return small.filter(ImageFilter.GaussianBlur(0.8))


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_printed_code_survives_a_blurry_low_resolution_photo(paper_mm):
    payload = article_payload("", {"id": "a", "title": "劳动合同到期不续签", "summary": LONG_TEXT})
    image = render_ticket(
        Ticket(kind="guide", title="劳动合同到期不续签", qr_payload=payload), paper_mm=paper_mm
    )
    assert payloads(blurred(image, 0.5)) == [payload]


def test_screen_code_survives_being_seen_small():
    from kiosk.tickets import SCREEN_BOX_PX, qr_image

    payload = navigation_payload(
        {
            "name": "示例法律援助中心",
            "address": "示例路 8 号",
            "lat": 30.82,
            "lng": 104.16,
            "datum": "gcj02",
        }
    )
    assert payloads(blurred(qr_image(payload, box_px=SCREEN_BOX_PX), 0.3)) == [payload]


def test_every_catalog_key_the_code_names_exists():
    import re
    from pathlib import Path

    from contract.i18n import Translator

    root = Path(__file__).resolve().parents[3]
    named = set()
    for path in [
        *(root / "kiosk/tickets").glob("*.py"),
        *(root / "kiosk/speech").glob("*.py"),
        root / "kiosk/commands/test_ticket.py",
    ]:
        named |= set(re.findall(r'"(tickets\.[a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    assert len(named) > 15
    for language in ("zh_CN", "en"):
        t = Translator(language)
        assert sorted(key for key in named if not t.has(key)) == []


def test_ticket_for_a_booking_as_the_hub_answers_it():
    booking = {
        "code": "Q3ZP7M",
        "start": "2026-11-27T14:30:00+08:00",
        "end": "2026-11-27T15:00:00+08:00",
        "join_url": "https://hub.example.cn/call/r-7f3a",
        "name": "张三",
        "phone": "13800000000",
    }
    ticket = Ticket.for_booking(
        booking, place="示例社区工作室", hub_url="https://hub.example.cn", title="示例律师 王某"
    )
    assert (ticket.code, ticket.qr_payload, ticket.title) == (
        "Q3ZP7M",
        "https://hub.example.cn/p/bookings/Q3ZP7M",
        "示例律师 王某",
    )
    assert ticket.start == START and ticket.end == START + timedelta(minutes=30)
    shown = " ".join([ticket.title, ticket.place, ticket.qr_payload, ticket.code, *ticket.details])
    assert "张三" not in shown and "13800000000" not in shown
    assert payloads(render_ticket(ticket, paper_mm=58)) == [
        "https://hub.example.cn/p/bookings/Q3ZP7M"
    ]
    assert Ticket.for_booking(booking, place="x").qr_payload == "https://hub.example.cn/call/r-7f3a"


def test_ticket_for_an_article_and_an_institution():
    article = {"id": "labour-007", "title": "劳动合同到期不续签", "summary": "一般有经济补偿。"}
    guide = Ticket.for_article(article, hub_url="http://127.0.0.1:8348")
    assert (guide.kind, guide.title, guide.qr_payload) == (
        "guide",
        "劳动合同到期不续签",
        "http://127.0.0.1:8348/p/articles/labour-007",
    )
    place = {
        "name": "示例公证处",
        "address": "示例街 2 号",
        "phone": "028-0000-0101",
        "hours": "周一至周五 9:00-17:00",
        "lat": 30.82,
        "lng": 104.16,
        "datum": "gcj02",
    }
    ticket = Ticket.for_institution(place, app="baidu", language="en")
    assert ticket.details == ("Phone: 028-0000-0101", "Opening hours: 周一至周五 9:00-17:00")
    assert payloads(render_ticket(ticket, paper_mm=80)) == [navigation_payload(place, app="baidu")]


HUB_BOOKING = {  # as the hub answers, here in UTC to show the terminal's zone is used
    "code": "K7P3QX2M9A",
    "start": "2026-11-27T06:30:00+00:00",
    "end": "2026-11-27T07:00:00+00:00",
    "join_url": "https://hub.example.cn/call/r-7f3a",
}


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_booking_ticket_golden_lines_adviser_time_place_and_next_step(paper_mm):
    from kiosk.tickets.ticket import ticket_lines

    ticket = Ticket.for_booking(
        HUB_BOOKING,
        place="新都区桂湖社区公共法律服务工作室（示例）",
        hub_url="https://hub.example.cn",
        adviser="王律师（示例）",
        timezone="Asia/Shanghai",
    )
    assert ticket_lines(ticket, paper_mm=paper_mm) == [
        "视频法律咨询 预约凭条",
        "法律顾问：王律师（示例）",
        "时间：2026年11月27日 星期五 14:30–15:00",  # one line, as the done screen says it
        "地点：新都区桂湖社区公共法律服务",
        "工作室（示例）",
        "到时请回到这台终端，点“预约视频咨",
        "询”，再点“已预约？输入预约码”；也",
        "可以用手机扫下面的二维码，在手机上视",
        "频。",
        "预约码",
        "K7P3QX2M9A",
        "手机扫码查看预约，到时开始视频咨询",
        "法律咨询请拨打 12348 公共法律服务热线",
        "本凭条不含您的姓名和电话号码，请妥善保管。",
    ]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Asia/Urumqi"])
def test_booking_ticket_time_is_one_line_in_the_terminals_zone(paper_mm, language, zone):
    from kiosk.tickets.ticket import ticket_lines

    ticket = Ticket.for_booking(
        HUB_BOOKING, place="示例社区", language=language, adviser="王律师", timezone=zone
    )
    expected = {"Asia/Shanghai": "14:30–15:00", "Asia/Urumqi": "12:30–13:00"}[zone]
    lines = ticket_lines(ticket, paper_mm=paper_mm)
    when = [line for line in lines if expected in line]
    assert len(when) == 1  # the range whole, on one line
    date = {"zh_CN": "2026年11月27日 星期五", "en": "Friday 27 November 2026"}[language]
    if language == "zh_CN":  # fits: date and range on one line, the done screen's words
        assert when[0] == f"时间：{date} {expected}"
    else:  # too long for the paper at a readable size: the date, then the range on its own
        at = lines.index(when[0])
        assert (lines[at - 1], lines[at]) == (f"Time: {date}", expected)
    assert not any(line.endswith(("14:30–", "12:30–", "14:30", "12:30")) for line in lines)
    assert Translator(language)("tickets.next_step.booking").replace(" ", "") in "".join(
        lines
    ).replace(" ", "")
