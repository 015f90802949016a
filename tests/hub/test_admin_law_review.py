"""Answers that can be trusted: repealed laws refused in the form and at publish, review dates on
the dashboard — against the real hub app on a seeded database."""

from __future__ import annotations

import html
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from hub.admin.articles import law_refs_text, parse_law_refs, status_words
from hub.core.clock import now_utc
from hub.core.db import reading, writing
from hub.crud.publish import PublishError, publish
from hub.main import create_app
from hub.models.tables import articles, content_versions
from tests.support.admin_app import post_form, sqlite_only, staff_client
from tests.support.zones import SHANGHAI

GUIDE = {
    "id": "art-maintain",
    "title": "子女不给赡养费怎么办",
    "category_id": "marriage",
    "status": "published",
    "summary": "先协商，再调解或起诉。",
    "body": "成年子女有赡养父母的义务。",
    "tags": "赡养",
    "law_refs": "中华人民共和国民法典 | 第一千零六十七条",
    "review_by": "2027-06-30",
}
REPEALED_SENTENCE = (
    "《婚姻法》已于2021-01-01废止，现在由《民法典》规定。请改为引用《民法典》的相应条款，再保存。"
)


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def editor(app, demo):
    return staff_client(app, demo, "editor")


def row_of(hub_env, article_id):
    with reading(hub_env.engine) as conn:
        return conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()


def versions(hub_env) -> int:
    with reading(hub_env.engine) as conn:
        return conn.execute(select(func.count()).select_from(content_versions)).scalar_one()


def china_today() -> date:
    return now_utc().astimezone(SHANGHAI).date()


# --- the form ---------------------------------------------------------------------------------


def test_a_guide_with_status_date_and_review_date_round_trips(editor, hub_env):
    refs = (
        "中华人民共和国民法典 | 第一千零六十七条\n某某省养老服务条例 | 第五条 | 已修正 | 2024-03-01"
    )
    answer = post_form(
        editor, "/admin/articles/new", "/admin/articles/new", {**GUIDE, "law_refs": refs}
    )
    assert answer.status_code == 303, answer.text[-400:]
    row = row_of(hub_env, "art-maintain")
    assert row["review_by"] == date(2027, 6, 30)
    assert row["law_refs"] == [
        {
            "law": "中华人民共和国民法典",
            "article": "第一千零六十七条",
            "status": "in_force",
            "effective": "2021-01-01",
        },
        {
            "law": "某某省养老服务条例",
            "article": "第五条",
            "status": "amended",
            "effective": "2024-03-01",
        },
    ]
    page = editor.get("/admin/articles/art-maintain").text
    assert 'name="review_by" value="2027-06-30"' in page
    # Only what differs from the law table is written back into the text box.
    assert html.escape(refs, quote=False) in page


@sqlite_only
@pytest.mark.parametrize(
    "law_line",
    [
        "中华人民共和国婚姻法 | 第三十二条",
        "《中华人民共和国婚姻法》 | 第三十二条",
        "婚姻法",
        "婚姻法 | 第三十二条 | 现行有效",  # what staff claim does not outweigh the repeal
    ],
)
def test_saving_a_guide_citing_a_repealed_law_is_refused_kindly(editor, hub_env, law_line):
    form = {**GUIDE, "law_refs": "中华人民共和国民法典 | 第一千零六十七条\n" + law_line}
    answer = post_form(editor, "/admin/articles/new", "/admin/articles/new", form)
    assert answer.status_code == 422
    assert REPEALED_SENTENCE in answer.text
    assert 'class="field bad' in answer.text and GUIDE["summary"] in answer.text
    assert row_of(hub_env, "art-maintain") is None


@sqlite_only
def test_editing_a_published_guide_to_cite_a_repealed_law_is_refused_and_keeps_it(editor, hub_env):
    before = row_of(hub_env, "art-divorce")
    form = {**GUIDE, "id": "art-divorce", "law_refs": "合同法 | 第五十二条"}
    answer = post_form(editor, "/admin/articles/art-divorce", "/admin/articles/art-divorce", form)
    assert answer.status_code == 422
    assert "《合同法》已于2021-01-01废止，现在由《民法典》规定" in answer.text
    assert row_of(hub_env, "art-divorce")["law_refs"] == before["law_refs"]


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "field_text"),
    [
        ({"review_by": "2026-13-01"}, "复核日期: 日期格式应为 年-月-日"),
        ({"law_refs": "示例条例 | 第一条 | 快废了"}, "法律依据: 法律状态必须是以下之一"),
        ({"law_refs": "示例条例 | 第一条 | 2024-3-1"}, "法律依据: 日期格式应为 年-月-日"),
    ],
)
def test_bad_dates_and_statuses_are_shown_in_the_form(editor, hub_env, changes, field_text):
    answer = post_form(editor, "/admin/articles/new", "/admin/articles/new", {**GUIDE, **changes})
    assert answer.status_code == 422
    assert field_text in answer.text
    assert row_of(hub_env, "art-maintain") is None


def test_the_law_line_parser_reads_every_part_in_either_language():
    from contract.i18n import Translator

    words = status_words(Translator("zh_CN"))
    assert parse_law_refs(
        "甲条例 | 第一条 | amended | 2024-03-01\n乙法 ｜ | 已废止\n | 第二条", words
    ) == [
        {"law": "甲条例", "article": "第一条", "status": "amended", "effective": "2024-03-01"},
        {"law": "乙法", "article": "", "status": "repealed"},
    ]
    assert words["in force"] == words["现行有效"] == "in_force"
    stored = [{"law": "劳动法", "article": "", "status": "amended", "effective": "2018-12-29"}]
    assert law_refs_text(stored) == "劳动法"


# --- publishing and the terminal API ------------------------------------------------------------


def cite_repealed_law_behind_the_forms_back(hub_env, article_id="art-divorce"):
    """A published guide as an older hub could have stored it (before laws were checked)."""
    with writing(hub_env.engine) as conn:
        conn.execute(
            update(articles)
            .where(articles.c.id == article_id)
            .values(
                law_refs=[{"law": "中华人民共和国婚姻法", "article": "第三十一条"}],
                updated_at=now_utc(),
            )
        )


def test_publish_never_sends_a_guide_citing_a_repealed_law(hub_env, demo):
    cite_repealed_law_behind_the_forms_back(hub_env)
    before = versions(hub_env)
    with pytest.raises(PublishError) as caught, writing(hub_env.engine) as conn:
        publish(conn, zone=SHANGHAI, note="test")
    assert caught.value.record_id == "art-divorce"
    assert (caught.value.error.reason, caught.value.error.values["law"]) == (
        "repealed_law",
        "婚姻法",
    )
    assert versions(hub_env) == before


@sqlite_only
def test_the_publish_button_answers_422_with_the_reason_and_terminals_get_nothing(
    app, editor, hub_env, terminal
):
    api = TestClient(app)
    held = api.get("/api/v1/content?since=0", headers=terminal["headers"]).json()
    cite_repealed_law_behind_the_forms_back(hub_env)
    answer = post_form(editor, "/admin", "/admin/publish", {"note": "带着废止的法律"})
    assert answer.status_code == 422
    assert "art-divorce" in answer.text and "《婚姻法》已于2021-01-01废止" in answer.text
    now = api.get("/api/v1/content?since=0", headers=terminal["headers"]).json()
    assert now["version"] == held["version"]
    served = [a for a in now["changes"]["articles"]["upsert"] if a["id"] == "art-divorce"]
    assert [r["law"] for r in served[0]["law_refs"]] == ["中华人民共和国民法典"]


def test_published_guides_carry_law_status_and_review_date_to_terminals(app, hub_env, terminal):
    with writing(hub_env.engine) as conn:
        conn.execute(
            update(articles)
            .where(articles.c.id == "art-wages")
            .values(review_by=date(2027, 1, 31), updated_at=now_utc())
        )
        assert publish(conn, zone=SHANGHAI, note="review dates")
    answer = TestClient(app).get("/api/v1/content?since=0", headers=terminal["headers"]).json()
    by_id = {a["id"]: a for a in answer["changes"]["articles"]["upsert"]}
    assert by_id["art-wages"]["review_by"] == "2027-01-31"
    assert by_id["art-divorce"]["review_by"] == ""
    assert by_id["art-wages"]["law_refs"] == [
        {
            "law": "中华人民共和国劳动合同法",
            "article": "第三十条",
            "status": "amended",
            "effective": "2013-07-01",
        }
    ]


# --- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_lists_overdue_and_undated_guides_with_edit_links(app, editor, hub_env, demo):
    with writing(hub_env.engine) as conn:
        conn.execute(
            update(articles)
            .where(articles.c.id == "art-wages")
            .values(review_by=china_today() - timedelta(days=3))
        )
    page = editor.get("/admin")
    assert page.status_code == 200
    text = page.text
    overdue = text[text.index('data-test="overdue"') : text.index('data-test="undated"')]
    assert '<a href="/admin/articles/art-wages">被拖欠工资怎么办</a>' in overdue
    assert (china_today() - timedelta(days=3)).isoformat() in overdue
    assert "已过复核日期：1 篇" in text
    undated = text[text.index('data-test="undated"') :]
    assert '<a href="/admin/articles/art-divorce">协议离婚要准备什么</a>' in undated
    assert "art-wages" not in undated
    # A guide due later is in neither list; a viewer does not edit and sees no review list.
    with writing(hub_env.engine) as conn:
        conn.execute(update(articles).values(review_by=china_today() + timedelta(days=30)))
    later = editor.get("/admin").text
    assert "没有过期未复核的指南" in later and 'data-test="undated"' not in later
    viewer = staff_client(app, demo, "viewer")
    assert 'data-test="reviews"' not in viewer.get("/admin").text


def test_today_is_not_overdue(editor, hub_env):
    with writing(hub_env.engine) as conn:
        conn.execute(update(articles).values(review_by=china_today()))
    assert "已过复核日期：0 篇" in editor.get("/admin").text
