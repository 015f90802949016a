"""Public phone pages: guide, institution (navigation links), booking (masked, join, cancel)."""

import re
from datetime import datetime
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from sqlalchemy import select

from hub.core.db import reading
from hub.models.tables import page_views
from tests.support.hub_bookings import FROZEN, booking
from tests.support.zones import SHANGHAI


def test_article_page_shows_the_guide_and_counts_views(client, hub_env):
    first = client.get("/p/articles/art-divorce")
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/html")
    html = first.text
    assert "协议离婚要准备什么" in html and "《中华人民共和国民法典》第一千零七十六条" in html
    assert "已阅读 1 次" in html and 'lang="zh-CN"' in html
    assert "已阅读 2 次" in client.get("/p/articles/art-divorce").text
    english = client.get("/p/articles/art-divorce?lang=en").text
    assert "Legal basis" in english and "Marriage and family" in english
    with reading(hub_env.engine) as conn:
        assert (
            conn.execute(
                select(page_views.c.count).where(page_views.c.item_id == "art-divorce")
            ).scalar_one()
            == 3
        )


def test_unknown_article_is_a_kind_404(client):
    answer = client.get("/p/articles/nope")
    assert (
        answer.status_code == 404 and "没有找到这个页面" in answer.text and "12348" in answer.text
    )


def test_institution_page_links_navigation_in_gcj02(client):
    answer = client.get("/p/institutions/inst-aid")
    assert answer.status_code == 200
    html = answer.text
    assert (
        "示例法律援助中心" in html
        and "周一至周五 9:00-17:00" in html
        and 'href="tel:02800000101"' in html
    )
    amap = html.split('id="nav-amap"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    baidu = html.split('href="https://api.map.baidu.com')[1].split('"')[0].replace("&amp;", "&")
    amap_query = parse_qs(urlparse(amap).query)
    assert amap.startswith("https://uri.amap.com/marker?")
    assert (amap_query["position"], amap_query["coordinate"]) == (
        ["104.159000,30.824000"],
        ["gaode"],
    )
    baidu_query = parse_qs(urlparse(baidu).query)
    assert (baidu_query["location"], baidu_query["coord_type"]) == (
        ["30.824000,104.159000"],
        ["gcj02"],
    )


@pytest.fixture
def booked(client, terminal):
    with time_machine.travel(FROZEN, tick=False):
        answer = client.post("/api/v1/bookings", headers=terminal["headers"], json=booking())
    assert answer.status_code == 201
    return answer.json()


def page(client, code, at, **kwargs):
    with time_machine.travel(at, tick=False):
        return client.get(f"/p/bookings/{code}", **kwargs)


def test_booking_page_shows_nothing_personal(client, booked):
    html = page(client, booked["code"], FROZEN).text
    assert (
        booked["code"] in html
        and "2025年9月26日（周五）10:30–11:00" in html
        and "王律师（示例）" in html
    )
    assert "张*" in html and "张三" not in html and "13800001234" not in html
    assert (
        re.search(r"1234(?!8)", html) is None
    )  # the phone's last digits never (12348 is the hotline)
    assert 'id="join"' not in html and "开始前 10 分钟开放" in html


def test_join_link_appears_when_the_room_opens(client, booked, hub_env):
    html = page(client, booked["code"], datetime(2025, 9, 26, 10, 21, tzinfo=SHANGHAI)).text
    with reading(hub_env.engine) as conn:
        from hub.models.tables import bookings

        room = conn.execute(select(bookings.c.room)).scalar_one()
    assert (
        f'href="http://testserver/call/{room}?t=resident.' in html
    )  # hub/video: the link carries a join token
    ended = page(client, booked["code"], datetime(2025, 9, 26, 11, 0, tzinfo=SHANGHAI)).text
    assert 'id="join"' not in ended and "时间已经过去" in ended


def test_cancel_from_the_phone(client, booked):
    code = booked["code"]
    with time_machine.travel(FROZEN, tick=False):
        wrong = client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": "9999"})
        assert wrong.status_code == 403 and "预约码或手机号后 4 位不对" in wrong.text
        assert "连续输错 5 次后" in wrong.text and "12348" in wrong.text
        bad = client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": "12"})
        assert bad.status_code == 422 and "请输入 4 位数字" in bad.text
        done = client.post(
            f"/p/bookings/{code}/cancel", data={"phone_last4": "1234"}, follow_redirects=False
        )
        assert (
            done.status_code == 303
            and done.headers["location"] == f"/p/bookings/{code}?done=cancelled&lang=zh_CN"
        )
        after = client.get(done.headers["location"]).text
    assert "预约已取消" in after and "已取消" in after and 'name="phone_last4"' not in after


def test_unknown_booking_code_is_404(client):
    assert client.get("/p/bookings/ZZZZZZZZZZ").status_code == 404


def test_cancel_answers_unknown_code_and_wrong_digits_alike(client, booked):
    code, unknown = booked["code"], "ZZZZZZZZZZ"
    with time_machine.travel(FROZEN, tick=False):
        for digits in ("9999", "12"):
            wrong = client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": digits})
            nothing = client.post(f"/p/bookings/{unknown}/cancel", data={"phone_last4": digits})
            assert wrong.status_code == nothing.status_code
            assert wrong.text.replace(code, "CODE") == nothing.text.replace(unknown, "CODE")
            assert "张" not in wrong.text and booked["start"][11:16] not in wrong.text
        too_long = client.post("/p/bookings/" + "Z" * 40 + "/cancel", data={"phone_last4": "1"})
        assert too_long.status_code == 422


def test_wrong_digits_lock_the_booking_against_cancelling(client, booked, hub_env):
    code = booked["code"]
    with time_machine.travel(FROZEN, tick=False):
        for guess in ("0000", "1111", "2222", "3333", "4444"):
            wrong = client.post(f"/p/bookings/{code}/cancel", data={"phone_last4": guess})
            assert wrong.status_code == 403
        right = client.post(
            f"/p/bookings/{code}/cancel", data={"phone_last4": "1234"}, follow_redirects=False
        )
        assert right.status_code == 409 and right.text.count("输错次数太多") == 1
        shown = client.get(f"/p/bookings/{code}?lang=en").text
    assert 'name="phone_last4"' not in shown and "Too many wrong tries" in shown
    with reading(hub_env.engine) as conn:
        from hub.models.tables import bookings

        assert conn.execute(select(bookings.c.status)).scalar_one() == "booked"
