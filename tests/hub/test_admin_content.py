"""Content pages: articles (with media), categories, announcements, advisers, institutions —
round trips through the real forms, and bad input answered with the reason next to the field."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from sqlalchemy import select

from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import (
    adviser_leave,
    advisers,
    announcements,
    articles,
    categories,
    duty_periods,
    institutions,
    media,
)
from tests.support.admin_app import post_form, sqlite_only, staff_client

ARTICLE = {
    "id": "art-leave",
    "title": "带薪年休假怎么休",
    "category_id": "labour",
    "status": "draft",
    "summary": "工作满一年可以休年假。",
    "body": "职工累计工作已满1年不满10年的，年休假5天。",
    "tags": "年假，休假",
    "law_refs": "职工带薪年休假条例 | 第三条\n中华人民共和国劳动法",
}


@pytest.fixture
def editor(hub_env, demo):
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "editor")


def _row(hub_env, table, key):
    with reading(hub_env.engine) as conn:
        return conn.execute(select(table).where(table.c.id == key)).mappings().first()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_article_round_trip_with_media(editor, hub_env):
    png = _png()
    answer = post_form(
        editor,
        "/admin/articles/new",
        "/admin/articles/new",
        ARTICLE,
        files={"upload": ("poster.png", png, "image/png")},
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/articles/art-leave?done=saved"
    sha = hashlib.sha256(png).hexdigest()
    row = _row(hub_env, articles, "art-leave")
    assert (row["title"], row["status"], row["tags"], row["media"]) == (
        "带薪年休假怎么休",
        "draft",
        ["年假", "休假"],
        [sha],
    )
    assert row["law_refs"] == [  # status and date filled from the law table
        {
            "law": "职工带薪年休假条例",
            "article": "第三条",
            "status": "in_force",
            "effective": "2008-01-01",
        },
        {
            "law": "中华人民共和国劳动法",
            "article": "",
            "status": "amended",
            "effective": "2018-12-29",
        },
    ]
    assert (hub_env.settings.media_dir / sha).read_bytes() == png
    assert _row(hub_env, media, sha)["mime"] == "image/png"
    page = editor.get(answer.headers["location"])
    assert "已保存" in page.text and f'value="{sha}"' in page.text
    assert editor.get(f"/admin/media/{sha}").content == png
    # Publish it, drop the media (untick), then delete the article.
    changed = post_form(
        editor,
        "/admin/articles/art-leave",
        "/admin/articles/art-leave",
        {**ARTICLE, "status": "published", "title": "带薪年休假"},
    )
    assert changed.status_code == 303
    row = _row(hub_env, articles, "art-leave")
    assert (row["title"], row["status"], row["media"]) == ("带薪年休假", "published", [])
    assert row["published_at"] is not None
    listing = editor.get("/admin/articles?status=published&q=年休假")
    assert "带薪年休假" in listing.text and "协议离婚" not in listing.text
    assert (
        post_form(editor, "/admin/articles", "/admin/articles/art-leave/delete").status_code == 303
    )
    assert _row(hub_env, articles, "art-leave") is None
    assert editor.get("/admin/articles/art-leave").status_code == 404


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "field_text", "status"),
    [
        ({"title": ""}, "标题: 必填", 422),
        ({"body": ""}, "正文: 必填", 422),
        ({"title": "长" * 121}, "标题: 不能超过 120 个字", 422),
        ({"id": "有 空格"}, "编号: 只能用 1-64 个字母", 422),
        ({"category_id": "no-such"}, "分类: 不存在", 422),
        ({"law_refs": " | 第三条"}, "", 303),  # a line without a law name is skipped
        ({"id": "art-divorce"}, "编号: 这个编号已被使用", 409),
    ],
)
def test_bad_article_input_is_shown_in_the_form(editor, hub_env, changes, field_text, status):
    answer = post_form(editor, "/admin/articles/new", "/admin/articles/new", {**ARTICLE, **changes})
    assert answer.status_code == status, answer.text[-500:]
    if status != 303:
        assert field_text in answer.text
        assert 'class="field bad' in answer.text
        assert ARTICLE["summary"] in answer.text  # what was typed is kept
        assert _row(hub_env, articles, "art-leave") is None


@sqlite_only
@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.txt", b"just text", "不支持的文件类型"),
        ("fake.png", b"GIF89a....", "不支持的文件类型"),
        ("empty.png", b"", "上传的文件是空的"),
    ],
)
def test_media_is_checked_by_content(editor, hub_env, name, data, reason):
    """Refused uploads keep the form (and save nothing); an empty file input is simply no upload."""
    answer = post_form(
        editor,
        "/admin/articles/new",
        "/admin/articles/new",
        ARTICLE,
        files={"upload": (name, data, "image/png")},
    )
    assert answer.status_code == 422
    assert reason in answer.text
    assert _row(hub_env, articles, "art-leave") is None
    without = post_form(editor, "/admin/articles/new", "/admin/articles/new", ARTICLE)
    assert without.status_code == 303
    assert _row(hub_env, articles, "art-leave")["media"] == []


def test_category_round_trip_and_in_use_guard(editor, hub_env):
    answer = post_form(
        editor,
        "/admin/categories/new",
        "/admin/categories/new",
        {"id": "notary", "name": "公证", "name_en": "Notarization", "sort": "7"},
    )
    assert answer.status_code == 303
    assert _row(hub_env, categories, "notary")["sort"] == 7
    bad = post_form(
        editor,
        "/admin/categories/new",
        "/admin/categories/new",
        {"id": "x", "name": "", "sort": "a"},
    )
    assert bad.status_code == 422 and "排序: 必须是整数" in bad.text
    used = post_form(editor, "/admin/categories", "/admin/categories/marriage/delete")
    assert used.status_code == 409 and "还有 1 篇指南" in used.text
    assert (
        post_form(editor, "/admin/categories", "/admin/categories/notary/delete").status_code == 303
    )
    assert _row(hub_env, categories, "notary") is None


def test_announcement_window_in_china_time(editor, hub_env):
    data = {
        "id": "ann-fri",
        "title": "周五律师值班",
        "status": "published",
        "starts_at": "2026-12-01T08:00",
        "ends_at": "2026-12-31T18:00",
        "body": "欢迎预约。",
    }
    assert (
        post_form(editor, "/admin/announcements/new", "/admin/announcements/new", data).status_code
        == 303
    )
    row = _row(hub_env, announcements, "ann-fri")
    assert row["starts_at"].isoformat() == "2026-12-01T00:00:00+00:00"
    assert 'value="2026-12-01T08:00"' in editor.get("/admin/announcements/ann-fri").text
    bad = post_form(
        editor,
        "/admin/announcements/new",
        "/admin/announcements/new",
        {**data, "id": "ann-2", "ends_at": "2026-11-01T08:00"},
    )
    assert bad.status_code == 422 and "结束时间: 结束时间必须晚于开始时间" in bad.text


def test_adviser_duty_hours_leave_and_slots(editor, hub_env):
    data = {
        "name": "赵律师（示例）",
        "title": "律师",
        "institution_id": "inst-law",
        "serves": "示例村，新村",
        "phone": "028-0000-0303",
        "active": "1",
        "duty_weekday": ["4", "", "0"],
        "duty_start": ["14:00", "", "09:00"],
        "duty_end": ["17:30", "", "11:00"],
    }
    answer = post_form(
        editor, "/admin/advisers/new", "/admin/advisers/new", {**data, "id": "adv-z"}
    )
    assert answer.status_code == 303
    with reading(hub_env.engine) as conn:
        periods = conn.execute(
            select(duty_periods.c.weekday, duty_periods.c.start, duty_periods.c.end)
            .where(duty_periods.c.adviser_id == "adv-z")
            .order_by(duty_periods.c.weekday)
        ).all()
    assert [tuple(p) for p in periods] == [(0, "09:00", "11:00"), (4, "14:00", "17:30")]
    assert _row(hub_env, advisers, "adv-z")["serves"] == ["示例村", "新村"]
    leave = post_form(
        editor,
        "/admin/advisers/adv-z",
        "/admin/advisers/adv-z/leave",
        {"first_day": "2026-12-01", "last_day": "2026-12-03", "note": "培训"},
    )
    assert leave.status_code == 303
    with reading(hub_env.engine) as conn:
        assert (
            conn.execute(select(adviser_leave.c.first_day, adviser_leave.c.last_day))
            .all()[-1][1]
            .isoformat()
            == "2026-12-03"
        )
    page = editor.get("/admin/advisers/adv-z")
    assert "未来 14 天的预约时段" in page.text and "培训" in page.text
    bad = post_form(
        editor,
        "/admin/advisers/adv-z",
        "/admin/advisers/adv-z",
        {**data, "duty_weekday": ["1"], "duty_start": ["18:00"], "duty_end": ["09:00"]},
    )
    assert bad.status_code == 422 and "开始时间必须早于结束时间" in bad.text
    wrong_order = post_form(
        editor,
        "/admin/advisers/adv-z",
        "/admin/advisers/adv-z/leave",
        {"first_day": "2026-12-05", "last_day": "2026-12-01"},
    )
    assert wrong_order.status_code == 422 and "结束日期不能早于开始日期" in wrong_order.text


def test_institution_round_trip_and_bad_coordinates(editor, hub_env):
    data = {
        "id": "inst-new",
        "name": "示例公证处",
        "type": "notary",
        "district": "宁波市海曙区",
        "address": "示例街 3 号",
        "phone": "0574-0000-0104",
        "lat": "29.87",
        "lng": "121.54",
        "datum": "gcj02",
        "hours": "9:00-17:00",
        "services": "公证；证明",
    }
    assert (
        post_form(editor, "/admin/institutions/new", "/admin/institutions/new", data).status_code
        == 303
    )
    row = _row(hub_env, institutions, "inst-new")
    assert (row["lat"], row["services"]) == (29.87, ["公证", "证明"])
    bad = post_form(
        editor,
        "/admin/institutions/inst-new",
        "/admin/institutions/inst-new",
        {**data, "lat": "95"},
    )
    assert bad.status_code == 422 and "纬度: 必须在 -90.0 到 90.0 之间" in bad.text
    words = post_form(
        editor,
        "/admin/institutions/inst-new",
        "/admin/institutions/inst-new",
        {**data, "lng": "东经"},
    )
    assert words.status_code == 422 and "经度: 必须是数字" in words.text
    assert "示例公证处" in editor.get("/admin/institutions?type=notary").text
    assert (
        post_form(editor, "/admin/institutions", "/admin/institutions/inst-new/delete").status_code
        == 303
    )


def test_a_taken_id_is_refused_and_a_vanished_record_is_not_found(editor, hub_env):
    """The shared id check (``id_taken``) behind categories and institutions."""
    category = {"id": "marriage", "name": "重名", "name_en": "Dup", "sort": "1"}
    taken = post_form(editor, "/admin/categories/new", "/admin/categories/new", category)
    assert taken.status_code == 409 and "编号: 这个编号已被使用" in taken.text
    assert _row(hub_env, categories, "marriage")["name"] != "重名"
    place = {
        "id": "inst-gone", "name": "示例公证处", "type": "notary", "address": "示例街 3 号",
        "lat": "29.87", "lng": "121.54", "datum": "gcj02", "services": "公证",
    }  # fmt: skip
    gone = post_form(editor, "/admin/institutions/new", "/admin/institutions/inst-gone", place)
    assert gone.status_code == 404
    assert _row(hub_env, institutions, "inst-gone") is None


@sqlite_only
@pytest.mark.parametrize(
    ("form_id", "status", "text"),
    [
        ("有 空格", 422, "编号: 只能用 1-64 个字母"),  # a refused id is bad input, not a conflict
        ("adv-a", 409, "编号: 这个编号已被使用"),
    ],
)
def test_adviser_form_status_comes_from_the_kind_of_refusal(editor, hub_env, form_id, status, text):
    data = {"id": form_id, "name": "钱律师（示例）", "title": "律师", "active": "1"}
    answer = post_form(editor, "/admin/advisers/new", "/admin/advisers/new", data)
    assert answer.status_code == status and text in answer.text
