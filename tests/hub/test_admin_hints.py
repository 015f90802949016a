"""Admin hints: a save says terminals see it only after publishing (with a link to publish), and
the dashboard lists which records the next publish would send."""

from __future__ import annotations

import re

import pytest

from hub.main import create_app
from tests.support.admin_app import post_form, staff_client

ARTICLE = {
    "id": "art-hint",
    "title": "提示测试指南",
    "category_id": "labour",
    "status": "published",
    "body": "正文。",
    "summary": "",
    "tags": "",
    "law_refs": "",
}


@pytest.fixture
def editor(hub_env, demo):
    return staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "editor")


def changed_rows(html: str) -> list[tuple[str, str, str]]:
    table = re.search(r'data-test="changed">(.*?)</table>', html, re.S)
    if table is None:
        return []
    cells = re.findall(r"<tr><td[^>]*>(.*?)</td><td>(.*?)</td><td[^>]*>(.*?)</td></tr>", table[1])
    return [(kind, re.sub(r"<[^>]+>", "", title), change) for kind, title, change in cells]


def test_saving_says_publish_and_the_dashboard_lists_the_record(editor):
    assert post_form(editor, "/admin", "/admin/publish").status_code == 303  # nothing pending
    assert changed_rows(editor.get("/admin").text) == []
    saved = post_form(editor, "/admin/articles/new", "/admin/articles/new", ARTICLE)
    page = editor.get(saved.headers["location"]).text
    assert "已保存，终端要在发布后才能看到。" in page
    assert '<a href="/admin#publish" data-test="publish-link">去发布</a>' in page
    dashboard = editor.get("/admin").text
    assert 'id="publish"' in dashboard
    assert changed_rows(dashboard) == [("法律指南", "提示测试指南", "新增或修改")]
    post_form(editor, "/admin", "/admin/publish")
    post_form(
        editor,
        "/admin/articles/art-hint",
        "/admin/articles/art-hint",
        {**ARTICLE, "status": "draft"},
    )
    assert changed_rows(editor.get("/admin").text) == [("法律指南", "提示测试指南", "删除或撤下")]


def test_settings_that_need_no_publish_say_only_saved(editor):
    page = editor.get("/admin/holidays?done=stored").text
    assert "已保存。" in page and "publish-link" not in page
