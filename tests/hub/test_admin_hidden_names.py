"""Names staff type in the admin (advisers, institutions, terminals, categories) and the
institutions CSV import refuse zero-width and text-direction characters, field by field, with
a reason that names the characters; nothing is stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hub.core.db import reading, writing
from hub.crud.institutions_csv import CSV_COLUMNS
from hub.crud.terminals import ensure_terminal
from hub.main import create_app
from hub.models.tables import advisers, categories, institutions, terminals
from tests.support.admin_app import post_form, sqlite_only, staff_client

pytestmark = sqlite_only  # the database plays no part in what is checked here

HIDDEN = [
    ("\u200b", "U+200B"),  # zero-width space
    ("\u202e", "U+202E"),  # right-to-left override
    ("\u2067", "U+2067"),  # right-to-left isolate
    ("\u200f", "U+200F"),  # right-to-left mark
    ("\ufeff", "U+FEFF"),  # zero-width no-break space (a BOM inside the text)
    ("\u3164", "U+3164"),  # Hangul filler: shows as nothing
]
ADVISER = {
    "id": "adv-hidden",
    "name": "钱律师（示例）",
    "title": "律师",
    "institution_id": "",
    "serves": "",
    "phone": "",
    "active": "1",
}
INSTITUTION = {
    "id": "inst-hidden",
    "name": "示例公证处",
    "type": "notary",
    "district": "",
    "address": "示例街 3 号",
    "phone": "",
    "lat": "29.87",
    "lng": "121.54",
    "datum": "gcj02",
    "hours": "",
    "services": "",
}
CATEGORY = {"id": "hidden-cat", "name": "公证", "name_en": "Notarization", "sort": "7"}
TERMINAL = {"name": "示例终端丁", "place": "示例司法所", "datum": "gcj02", "adviser_id": ""}
# (form page, who may use it, table, id of the new record (terminals: by name), base data, field)
FORMS = [
    ("advisers", "editor", advisers, "adv-hidden", ADVISER, "name"),
    ("institutions", "editor", institutions, "inst-hidden", INSTITUTION, "name"),
    ("categories", "editor", categories, "hidden-cat", CATEGORY, "name"),
    ("categories", "editor", categories, "hidden-cat", CATEGORY, "name_en"),
    ("terminals", "admin", terminals, None, TERMINAL, "name"),
    ("terminals", "admin", terminals, None, TERMINAL, "place"),
]

LABELS = {"name": "名称", "name_en": "英文名称", "place": "安放地点"}


def _reason(points: str) -> str:
    return (
        f"含有看不见的字符或改变文字方向的字符（{points}），"
        "常见于从网页或聊天软件复制的文字。请删掉这一栏后重新输入"
    )


def _count(hub_env, table) -> int:
    with reading(hub_env.engine) as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.mark.parametrize(("char", "points"), HIDDEN)
@pytest.mark.parametrize(("kind", "role", "table", "record_id", "data", "field"), FORMS)
def test_a_name_with_hidden_characters_is_refused(
    app, demo, hub_env, kind, role, table, record_id, data, field, char, points
):
    staff = staff_client(app, demo, role)
    before = _count(hub_env, table)
    value = data[field][:2] + char + data[field][2:]
    url = f"/admin/{kind}/new"
    answer = post_form(staff, url, url, {**data, field: value})
    assert answer.status_code == 422, answer.text
    # in the list at the top with the field's label, and next to the field itself
    assert f"<li>{LABELS[field]}: {_reason(points)}</li>" in answer.text
    assert f'<em class="err">{_reason(points)}</em>' in answer.text
    assert _count(hub_env, table) == before
    again = post_form(staff, url, url, data)  # the same form without the character is taken
    assert again.status_code in (201, 303), again.text
    assert _count(hub_env, table) == before + 1


def test_an_edit_is_refused_field_by_field_and_the_record_kept(app, demo, hub_env):
    editor = staff_client(app, demo, "editor")
    url = "/admin/categories/new"
    assert post_form(editor, url, url, CATEGORY).status_code == 303
    edit = "/admin/categories/hidden-cat"
    both = {**CATEGORY, "name": "公\u200b证", "name_en": "Nota\u202erization"}
    answer = post_form(editor, edit, edit, both)
    assert answer.status_code == 422
    assert _reason("U+200B") in answer.text and _reason("U+202E") in answer.text
    with reading(hub_env.engine) as conn:
        row = conn.execute(select(categories).where(categories.c.id == "hidden-cat")).mappings()
        assert row.one()["name_en"] == "Notarization"


def _upload(editor, text: str, skip_bad: bool = False):
    return post_form(
        editor,
        "/admin/institutions/import",
        "/admin/institutions/import",
        {"skip_bad": "1"} if skip_bad else {},
        files={"file": ("places.csv", text.encode("utf-8"), "text/csv")},
    )


def test_the_institutions_import_refuses_hidden_characters_in_names(app, demo, hub_env):
    editor = staff_client(app, demo, "editor")
    header = ",".join(CSV_COLUMNS)
    good = "inst-ok,legal_aid,示例法律援助站,示例路 1 号,绵阳市,31.46,104.76,gcj02,,,"
    hidden = "inst-zw,mediation,示例\u200b调解\u202e委员会,示例路 2 号,绵阳市,31.47,104.77,,,,"
    before = _count(hub_env, institutions)
    answer = _upload(editor, "\n".join([header, good, hidden]))
    assert answer.status_code == 422
    assert '<td class="num">3</td>' in answer.text
    assert f"名称: {_reason('U+200B, U+202E')}" in answer.text
    assert _count(hub_env, institutions) == before
    skipped = _upload(editor, "\n".join([header, good, hidden]), skip_bad=True)
    assert skipped.status_code == 200
    with reading(hub_env.engine) as conn:
        ids = set(conn.execute(select(institutions.c.id)).scalars())
    assert "inst-ok" in ids and "inst-zw" not in ids


def test_a_terminal_name_from_the_cli_is_refused_too(hub_env):
    with writing(hub_env.engine) as conn, pytest.raises(ValueError) as refused:
        ensure_terminal(conn, name="示例\u200b终端")
    assert str(refused.value) == (
        "terminal name holds invisible or text-direction characters (U+200B)"
    )
