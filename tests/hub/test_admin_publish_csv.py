"""Publishing from the admin reaches the terminal API; institutions CSV import report and export."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hub.core.db import reading
from hub.crud.institutions_csv import CSV_COLUMNS
from hub.main import create_app
from hub.models.tables import content_versions, institutions
from tests.support.admin_app import post_form, sqlite_only, staff_client

HEADER = ",".join(CSV_COLUMNS)
GOOD = "inst-a,legal_aid,示例法律援助站,示例路 1 号,绵阳市,31.46,104.76,gcj02,0816-0000-0110,9:00-17:00,法律咨询;法律援助"
GOOD2 = "inst-b,mediation,示例调解委员会,示例路 2 号,绵阳市,31.47,104.77,,,,人民调解"
BAD = "inst-c,bakery,示例面包店,示例路 3 号,绵阳市,31.48,104.78,gcj02,,,"


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def editor(app, demo):
    return staff_client(app, demo, "editor")


def _count(hub_env, table) -> int:
    with reading(hub_env.engine) as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_publish_makes_a_version_the_terminal_api_serves(app, editor, hub_env, terminal):
    api = TestClient(
        app
    )  # the same process: a publish is served at once, not after the version TTL
    before = api.get("/api/v1/content?since=0", headers=terminal["headers"]).json()["version"]
    page = editor.get("/admin")
    assert f'data-test="version">{before}<' in page.text and 'data-test="pending">0<' in page.text
    article = {
        "id": "art-new",
        "title": "新指南",
        "category_id": "labour",
        "status": "published",
        "body": "正文。",
        "summary": "",
        "tags": "",
        "law_refs": "",
    }
    assert (
        post_form(editor, "/admin/articles/new", "/admin/articles/new", article).status_code == 303
    )
    assert 'data-test="pending">1<' in editor.get("/admin").text
    answer = post_form(editor, "/admin", "/admin/publish", {"note": "新增指南"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin?done=published"
    page = editor.get(answer.headers["location"])
    assert "已发布新的内容版本" in page.text and f'data-test="version">{before + 1}<' in page.text
    assert "新增指南" in page.text and 'data-test="pending">0<' in page.text
    served = api.get(f"/api/v1/content?since={before}", headers=terminal["headers"])
    assert served.status_code == 200
    body = served.json()
    assert body["version"] == before + 1
    assert [a["id"] for a in body["changes"]["articles"]["upsert"]] == ["art-new"]
    assert served.headers["x-signature"]
    again = post_form(editor, "/admin", "/admin/publish")
    assert again.headers["location"] == "/admin?done=nothing_to_publish"
    assert _count(hub_env, content_versions) == before + 1
    # Back to draft: the next publish takes the guide off the terminals.
    withdrawn = post_form(
        editor, "/admin/articles/art-new", "/admin/articles/art-new", {**article, "status": "draft"}
    )
    assert withdrawn.status_code == 303
    assert 'data-test="pending">1<' in editor.get("/admin").text
    assert (
        post_form(editor, "/admin", "/admin/publish").headers["location"] == "/admin?done=published"
    )
    gone = api.get(f"/api/v1/content?since={before + 1}", headers=terminal["headers"]).json()
    assert gone["changes"] == {"articles": {"upsert": [], "delete": ["art-new"]}}


def test_a_draft_is_not_published(editor, hub_env, client, terminal):
    before = _count(hub_env, content_versions)
    draft = {
        "id": "art-draft",
        "title": "草稿",
        "category_id": "labour",
        "status": "draft",
        "body": "正文。",
    }
    assert post_form(editor, "/admin/articles/new", "/admin/articles/new", draft).status_code == 303
    assert (
        post_form(editor, "/admin", "/admin/publish").headers["location"]
        == "/admin?done=nothing_to_publish"
    )
    assert _count(hub_env, content_versions) == before


def _upload(editor, text: str, skip_bad: bool = False, encoding: str = "utf-8"):
    data = {"skip_bad": "1"} if skip_bad else {}
    return post_form(
        editor,
        "/admin/institutions/import",
        "/admin/institutions/import",
        data,
        files={"file": ("places.csv", text.encode(encoding), "text/csv")},
    )


def test_import_with_one_bad_row_imports_nothing_and_reports_the_row(editor, hub_env):
    before = _count(hub_env, institutions)
    answer = _upload(editor, "\n".join([HEADER, GOOD, BAD, GOOD2]))
    assert answer.status_code == 422
    assert "没有导入任何记录" in answer.text
    assert '<td class="num">3</td><td title="institutions.type: must be one of' in answer.text
    assert "类型: 必须是以下之一：law_firm" in answer.text
    assert _count(hub_env, institutions) == before


def test_import_skipping_bad_rows(editor, hub_env):
    before = _count(hub_env, institutions)
    answer = _upload(editor, "\ufeff" + "\n".join([HEADER, GOOD, BAD, GOOD2]), skip_bad=True)
    assert answer.status_code == 200
    assert "已导入 2 条机构记录" in answer.text and '<td class="num">3</td>' in answer.text
    assert _count(hub_env, institutions) == before + 2


@sqlite_only
@pytest.mark.parametrize(
    ("text", "encoding", "status", "message"),
    [
        ("id,name\nx,y", "utf-8", 422, "缺少列：type, address, lat, lng"),
        (HEADER + "\n" + GOOD + "\n" + GOOD, "utf-8", 200, "inst-a 在文件中出现了两次"),
        (HEADER + "\n" + GOOD, "utf-16", 422, "文件既不是 UTF-8 也不是 GB18030 编码"),
        ("", "utf-8", 422, "请选择一个 CSV 文件"),
    ],
)
def test_import_refuses_unreadable_files(editor, hub_env, text, encoding, status, message):
    answer = _upload(editor, text, skip_bad=True, encoding=encoding)
    assert answer.status_code == status
    assert message in answer.text


def test_export_round_trips_through_import(editor, hub_env):
    assert _upload(editor, "\n".join([HEADER, GOOD, GOOD2])).status_code == 200
    exported = editor.get("/admin/institutions/export.csv?district=绵阳市")
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"] == 'attachment; filename="institutions.csv"'
    text = exported.content.decode("utf-8")
    assert text.startswith("\ufeff" + HEADER)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["inst-a", "inst-b"]
    assert rows[0]["services"] == "法律咨询;法律援助" and rows[1]["datum"] == "gcj02"
    again = _upload(editor, text)
    assert again.status_code == 200 and "已导入 2 条机构记录" in again.text


def test_a_gb18030_file_saved_by_excel_imports(editor, hub_env, tmp_path):
    """Excel on Chinese Windows saves plain "CSV" in GB18030 (CRLF line ends, no BOM)."""
    path = tmp_path / "机构.csv"
    path.write_bytes("\r\n".join([HEADER, GOOD, GOOD2]).encode("gb18030") + b"\r\n")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    answer = post_form(
        editor,
        "/admin/institutions/import",
        "/admin/institutions/import",
        files={"file": ("机构.csv", path.read_bytes(), "text/csv")},
    )
    assert answer.status_code == 200 and "已导入 2 条机构记录" in answer.text
    with reading(hub_env.engine) as conn:
        names = conn.execute(
            select(institutions.c.name).where(institutions.c.id.in_(["inst-a", "inst-b"]))
        ).scalars()
        assert sorted(names) == ["示例法律援助站", "示例调解委员会"]


def test_a_cell_over_the_csv_field_limit_is_a_row_error(editor, hub_env):
    before = _count(hub_env, institutions)
    huge = GOOD.replace("示例路 1 号", '"' + "长" * 131_073 + '"')
    answer = _upload(editor, "\n".join([HEADER, GOOD2, huge]))
    assert answer.status_code == 422
    assert "从这一行起文件无法按 CSV 读取" in answer.text
    assert _count(hub_env, institutions) == before


FORMULAS = (
    'inst-f,legal_aid,=HYPERLINK("http://example.com"),@示例路 9 号,绵阳市,31.46,104.76,gcj02,'
    "+86 816 000 0110,-9:00-17:00,=1+1;法律援助"
)


def test_formulas_are_escaped_on_export_and_unescaped_on_import(editor, hub_env):
    assert _upload(editor, "\n".join([HEADER, FORMULAS])).status_code == 200
    with reading(hub_env.engine) as conn:
        stored = (
            conn.execute(select(institutions).where(institutions.c.id == "inst-f")).mappings().one()
        )
    assert (stored["name"], stored["address"], stored["phone"], stored["hours"]) == (
        '=HYPERLINK("http://example.com")',
        "@示例路 9 号",
        "+86 816 000 0110",
        "-9:00-17:00",
    )
    exported = editor.get("/admin/institutions/export.csv?district=绵阳市").content.decode("utf-8")
    row = next(
        r for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))) if r["id"] == "inst-f"
    )
    assert (row["name"], row["address"], row["phone"], row["hours"], row["services"]) == (
        '\'=HYPERLINK("http://example.com")',
        "'@示例路 9 号",
        "'+86 816 000 0110",
        "'-9:00-17:00",
        "'=1+1;法律援助",
    )
    assert row["lat"] == "31.46"  # numbers are left alone
    assert _upload(editor, exported).status_code == 200
    with reading(hub_env.engine) as conn:
        again = (
            conn.execute(select(institutions).where(institutions.c.id == "inst-f")).mappings().one()
        )
    assert {k: again[k] for k in CSV_COLUMNS} == {k: stored[k] for k in CSV_COLUMNS}
