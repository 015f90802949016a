"""QR payloads and QR images: what each code holds, and that it decodes back exactly (zbar)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from pyzbar.pyzbar import decode

from contract.geo import convert, distance_m, gcj02_to_wgs84, wgs84_to_gcj02
from kiosk.tickets import (
    article_payload,
    booking_payload,
    hotline_payload,
    navigation_payload,
    qr_image,
)
from kiosk.tickets.qr import MAX_VERSION, PRINT_MIN_BOX_PX, PayloadTooLong, fits, qr_matrix

ARTICLE = {
    "id": "labour-007",
    "title": "劳动合同到期不续签，有没有经济补偿？",
    "summary": "一般情况下有。",
}
XINDU_WGS84 = (30.8235, 104.1586)


def decoded(image) -> list[str]:
    return [symbol.data.decode("utf-8") for symbol in decode(image)]


def test_article_payload_is_the_hub_page():
    assert (
        article_payload("https://hub.example.cn/", ARTICLE)
        == "https://hub.example.cn/p/articles/labour-007"
    )
    assert (
        article_payload("http://127.0.0.1:8348", ARTICLE)
        == "http://127.0.0.1:8348/p/articles/labour-007"
    )


def test_article_payload_without_hub_is_the_text_summary():
    payload = article_payload("", ARTICLE)
    assert payload == "劳动合同到期不续签，有没有经济补偿？\n一般情况下有。\n法律咨询热线：12348"
    assert article_payload("", ARTICLE, language="en").endswith("\nLegal hotline: 12348")


def test_long_summary_is_cut_to_fit_one_qr_code_and_decodes_exactly():
    article = {**ARTICLE, "summary": "用人单位与劳动者协商一致，可以解除劳动合同。" * 40}
    payload = article_payload("", article)
    assert payload.startswith(ARTICLE["title"] + "\n用人单位")
    assert "…\n法律咨询热线：12348" in payload
    assert fits(payload)
    assert not fits(payload.replace("…", "用人单位与劳动者…"))  # it was cut as little as possible
    assert qr_matrix(payload).version == MAX_VERSION
    assert decoded(qr_image(payload, box_px=PRINT_MIN_BOX_PX)) == [payload]


def test_body_stands_in_for_a_missing_summary():
    payload = article_payload(
        "", {"id": "x", "title": "标题", "summary": "", "body": "正文第一段。\n\n\n正文第二段。"}
    )
    assert payload == "标题\n正文第一段。\n正文第二段。\n法律咨询热线：12348"


@pytest.mark.parametrize(
    ("datum", "lat", "lng"),
    [
        ("gcj02", 30.8235, 104.1586),
        ("wgs84", *XINDU_WGS84),
        ("bd09", 30.8295, 104.1651),
    ],
)
def test_amap_link_uses_gcj02(datum, lat, lng):
    place = {
        "id": "i1",
        "name": "新都区法律援助中心（示例）",
        "address": "示例路 1 号",
        "lat": lat,
        "lng": lng,
        "datum": datum,
    }
    url = navigation_payload(place, app="amap")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "uri.amap.com", "/marker")
    query = parse_qs(parts.query)
    got_lng, got_lat = (float(v) for v in query["position"][0].split(","))
    want_lat, want_lng = convert(lat, lng, datum, "gcj02")
    assert (round(got_lat, 6), round(got_lng, 6)) == (round(want_lat, 6), round(want_lng, 6))
    assert query["coordinate"] == ["gaode"]
    assert query["name"] == [place["name"]]


def test_baidu_link_says_its_datum():
    place = {
        "id": "i1",
        "name": "示例公证处",
        "address": "示例街 2 号",
        "lat": XINDU_WGS84[0],
        "lng": XINDU_WGS84[1],
        "datum": "wgs84",
    }
    query = parse_qs(urlsplit(navigation_payload(place, app="baidu")).query)
    assert query["coord_type"] == ["gcj02"]
    lat, lng = (float(v) for v in query["location"][0].split(","))
    want = wgs84_to_gcj02(*XINDU_WGS84)
    assert (round(lat, 6), round(lng, 6)) == (round(want[0], 6), round(want[1], 6))
    assert query["title"] == ["示例公证处"] and query["content"] == ["示例街 2 号"]
    with pytest.raises(ValueError):
        navigation_payload(place, app="google")


def test_datum_conversions_shift_by_hundreds_of_metres_and_round_trip():
    gcj = wgs84_to_gcj02(*XINDU_WGS84)
    assert 100 < distance_m(*XINDU_WGS84, *gcj) < 1000
    back = gcj02_to_wgs84(*gcj)
    assert distance_m(*XINDU_WGS84, *back) < 0.5
    bd = convert(*gcj, "gcj02", "bd09")
    assert 500 < distance_m(*gcj, *bd) < 1500
    assert distance_m(*convert(*bd, "bd09", "gcj02"), *gcj) < 1.0
    assert convert(51.5, -0.12, "wgs84", "gcj02") == (51.5, -0.12)  # no offset outside China
    with pytest.raises(ValueError):
        convert(1.0, 2.0, "wgs84", "osgb36")


def test_booking_payload():
    booking = {
        "code": "K7M2QX",
        "start": "2026-11-27T14:30:00+08:00",
        "join_url": "https://hub.example.cn/call/r-abc",
    }
    assert (
        booking_payload(booking, hub_url="https://hub.example.cn")
        == "https://hub.example.cn/p/bookings/K7M2QX"
    )
    assert booking_payload(booking) == "https://hub.example.cn/call/r-abc"
    assert booking_payload({"code": "K7M2QX"}) == "法律咨询预约码：K7M2QX\n咨询热线：12348"
    with pytest.raises(ValueError):
        booking_payload({"code": " "})


def test_hotline_payload():
    assert hotline_payload() == "tel:12348"


@pytest.mark.parametrize("box_px", [PRINT_MIN_BOX_PX, 8])
@pytest.mark.parametrize(
    "payload",
    [
        "tel:12348",
        "https://hub.example.cn/p/bookings/K7M2QX",
        "法律咨询预约码：K7M2QX\n咨询热线：12348",
    ],
)
def test_qr_image_decodes_to_the_exact_payload(payload, box_px):
    image = qr_image(payload, box_px=box_px)
    assert image.mode == "L" and sum(image.histogram()[1:255]) == 0
    matrix = qr_matrix(payload)
    assert image.size == (matrix.size * box_px, matrix.size * box_px)
    assert decoded(image) == [payload]


def test_short_links_get_the_stronger_error_correction():
    assert qr_matrix("https://hub.example.cn/p/articles/labour-007").error_correction == "Q"
    assert qr_matrix("好" * 90).error_correction == "M"


def test_too_long_payload_is_refused():
    with pytest.raises(PayloadTooLong):
        qr_matrix("好" * 200)
    with pytest.raises(ValueError):
        qr_matrix("")
