"""Staff add a resident's word from the reports, it is published, and bad words are refused."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from hub.core.db import reading, writing
from hub.main import create_app
from hub.models.tables import articles, synonyms
from tests.support.admin_app import post_form, sqlite_only, staff_client

DAY = "2026-11-20"


def _search(query: str, results: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": "search",
        "at": f"{DAY}T10:00:00+08:00",
        "props": {"query": query, "results": results, "related": 2, "mode": "pinyin"},
    }


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def editor(app, demo):
    return staff_client(app, demo, "editor")


def _rows(hub_env):
    with reading(hub_env.engine) as conn:
        return [dict(r) for r in conn.execute(select(synonyms)).mappings()]


def test_a_failed_search_becomes_a_published_word(app, editor, hub_env, client, terminal):
    events = [_search("工钱给不了怎么办", 0), _search("工钱给不了怎么办", 0), _search("讨工钱", 1)]
    accepted = client.post("/api/v1/events", headers=terminal["headers"], json={"events": events})
    assert len(accepted.json()["accepted"]) == 3
    report = editor.get(f"/admin/reports?from={DAY}&to={DAY}").text
    links = re.findall(r'data-test="add-word" href="([^"]+)"', report)
    assert len(links) == 2, "one link beside the zero-result and one beside the low-result search"
    zero_link = next(link for link in links if "%E7%BB%99" in link)  # 给
    form = editor.get(zero_link.replace("&amp;", "&"))
    assert form.status_code == 200
    assert 'value="工钱给不了怎么办"' in form.text  # the word field starts from the search
    assert "来自搜索：工钱给不了怎么办" in form.text
    saved = post_form(
        editor,
        "/admin/synonyms/new",
        "/admin/synonyms/new",
        {
            "word": "工钱",
            "targets": "工资，欠薪",
            "article_id": "",
            "weight": "0.9",
            "note": "来自搜索：工钱给不了怎么办",
        },
    )
    assert saved.status_code == 303, saved.text
    (row,) = _rows(hub_env)
    assert (row["word"], row["targets"], row["weight"]) == ("工钱", ["工资", "欠薪"], 0.9)
    listing = editor.get("/admin/synonyms").text
    assert "工钱" in listing and "工资，欠薪" in listing and "打欠条" in listing  # seed shown too

    api = TestClient(app)
    before = api.get("/api/v1/content?since=0", headers=terminal["headers"]).json()["version"]
    assert post_form(editor, "/admin", "/admin/publish").status_code == 303
    served = api.get(f"/api/v1/content?since={before}", headers=terminal["headers"]).json()
    (record,) = served["changes"]["synonyms"]["upsert"]
    assert record["word"] == "工钱" and record["targets"] == ["工资", "欠薪"]
    assert record["article_id"] == "" and record["weight"] == 0.9
    assert "note" not in record  # notes stay on the hub


def test_a_word_can_lead_straight_to_a_published_guide_only(app, editor, hub_env, terminal):
    saved = post_form(
        editor,
        "/admin/synonyms/new",
        "/admin/synonyms/new",
        {"word": "讨薪", "targets": "", "article_id": "art-wages", "weight": "1"},
    )
    assert saved.status_code == 303, saved.text
    api = TestClient(app)
    assert post_form(editor, "/admin", "/admin/publish").status_code == 303
    body = api.get("/api/v1/content?since=0", headers=terminal["headers"]).json()
    (record,) = body["changes"]["synonyms"]["upsert"]
    assert (record["word"], record["article_id"], record["targets"]) == ("讨薪", "art-wages", [])
    # the guide goes back to draft: the word leads nowhere, so it leaves the terminals
    with reading(hub_env.engine) as conn:
        row = conn.execute(select(synonyms.c.id)).scalar_one()
    with writing(hub_env.engine) as conn:
        conn.execute(update(articles).where(articles.c.id == "art-wages").values(status="draft"))
    assert post_form(editor, "/admin", "/admin/publish").status_code == 303
    after = api.get(f"/api/v1/content?since={body['version']}", headers=terminal["headers"]).json()
    assert after["changes"]["synonyms"]["delete"] == [row]
    assert "指南未发布" in editor.get("/admin/synonyms").text


@sqlite_only
@pytest.mark.parametrize(
    ("form", "field_text"),
    [
        ({"word": "工 钱", "targets": "工资"}, "只能是1至20个汉字"),
        ({"word": "[b]工钱[/b]", "targets": "工资"}, "只能是1至20个汉字"),
        ({"word": "工" * 21, "targets": "工资"}, "只能是1至20个汉字"),
        ({"word": "工钱", "targets": ""}, "至少要对应一个词或一篇指南"),
        ({"word": "工钱", "targets": "工资 欠薪"}, "只能是1至20个汉字"),
        ({"word": "工钱", "targets": "工资", "weight": "很多"}, "必须是数字"),
        ({"word": "工钱", "targets": "工资", "weight": "5"}, "0.1"),
        ({"word": "工钱\x00", "targets": "工资"}, "只能是1至20个汉字"),
    ],
)
def test_bad_words_are_refused_with_the_reason_next_to_the_field(editor, hub_env, form, field_text):
    answer = post_form(
        editor, "/admin/synonyms/new", "/admin/synonyms/new", {"weight": "0.9", **form}
    )
    assert answer.status_code in (400, 422)
    assert field_text in answer.text
    assert _rows(hub_env) == []


@sqlite_only
def test_one_word_one_row(editor, hub_env):
    first = {"word": "工钱", "targets": "工资", "weight": "0.9"}
    assert post_form(editor, "/admin/synonyms/new", "/admin/synonyms/new", first).status_code == 303
    again = post_form(
        editor, "/admin/synonyms/new", "/admin/synonyms/new", {**first, "targets": "欠薪"}
    )
    assert again.status_code == 409
    (row,) = _rows(hub_env)
    edited = post_form(
        editor,
        f"/admin/synonyms/{row['id']}",
        f"/admin/synonyms/{row['id']}",
        {**first, "targets": "工资，欠薪"},
    )
    assert edited.status_code == 303
    assert [r["targets"] for r in _rows(hub_env)] == [["工资", "欠薪"]]


@sqlite_only
def test_viewers_cannot_open_the_synonyms(app, demo):
    viewer = staff_client(app, demo, "viewer")
    assert viewer.get("/admin/synonyms").status_code in (403, 303)
