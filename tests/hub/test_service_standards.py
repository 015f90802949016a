"""Service standards as data: the demo's three examples, editors change them, readers only read,
and an adviser's villages beyond the district standard's limit are refused with the reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hub.core.db import reading
from hub.crud.standards import Item, all_standards, standard_for
from hub.main import create_app
from hub.models.tables import advisers, terminals
from tests.support.admin_app import csrf_of, post_form, sqlite_only, staff_client

MIANYANG = {
    "district": "绵阳市",
    "name": "绵阳测试标准（示例）",
    "village_limit": "2",
    "item_service": ["visit", "any", ""],
    "item_amount": ["2", "8", ""],
    "item_measure": ["count", "hours", ""],
    "item_per": ["month", "month", ""],
}
ADVISER_FORM = {
    "name": "王律师（示例）",
    "title": "律师",
    "institution_id": "inst-law",
    "phone": "028-0000-0201",
    "active": "1",
}


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


def _standards(hub_env):
    with reading(hub_env.engine) as conn:
        return all_standards(conn)


def test_the_demo_ships_three_example_standards(app, demo, hub_env):
    found = {s.district: s for s in _standards(hub_env)}
    assert sorted(found) == ["宁波市", "成都市新都区", "聊城市"]
    assert all(s.name.endswith("（示例）") for s in found.values())
    assert (found["宁波市"].village_limit, found["成都市新都区"].village_limit) == (5, 3)
    assert found["宁波市"].items[0] == Item("duty", "count", 1, "week")
    assert [i.key for i in found["聊城市"].items] == ["any.days.month", "lecture.count.year"]
    assert standard_for(list(found.values()), "宁波市海曙区").name == "宁波“六个一”（示例）"
    assert standard_for(list(found.values()), "绵阳市涪城区") is None
    page = staff_client(app, demo, "viewer").get("/admin/standards")
    assert page.status_code == 200
    assert "新都“七个一”（示例）" in page.text and "各类现场服务：每月 8 小时" in page.text
    assert "每名顾问最多服务 3 个村（社区）" in page.text
    assert "/admin/standards/new" not in page.text  # viewers read only


def test_editors_create_and_change_a_standard(app, demo, hub_env):
    editor = staff_client(app, demo, "editor")
    answer = post_form(editor, "/admin/standards/new", "/admin/standards", MIANYANG)
    assert (answer.status_code, answer.headers["location"]) == (
        303,
        "/admin/standards?done=saved_standard",
    )
    made = next(s for s in _standards(hub_env) if s.district == "绵阳市")
    assert made.village_limit == 2
    assert made.items == (Item("visit", "count", 2, "month"), Item("any", "hours", 8, "month"))
    url = f"/admin/standards/{made.id}"
    form = editor.get(url)
    assert form.status_code == 200 and 'value="绵阳测试标准（示例）"' in form.text
    changed = post_form(
        editor,
        url,
        url,
        {
            **MIANYANG,
            "village_limit": "",
            "item_service": ["lecture"],
            "item_amount": ["1"],
            "item_measure": ["count"],
            "item_per": ["quarter"],
        },
    )
    assert changed.status_code == 303
    made = next(s for s in _standards(hub_env) if s.district == "绵阳市")
    assert (made.village_limit, made.items) == (None, (Item("lecture", "count", 1, "quarter"),))


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "status", "reason"),
    [
        ({"district": "  "}, 422, "请填地区名称"),
        ({"name": ""}, 422, "请填标准名称"),
        ({"village_limit": "0"}, 422, "请填 1 到 100 之间的整数"),
        ({"village_limit": "三"}, 422, "请填 1 到 100 之间的整数"),
        ({"item_amount": ["0", "8", ""]}, 422, "服务类型、数量"),
        ({"item_amount": ["99999999999999999999", "8", ""]}, 422, "服务类型、数量"),
        ({"item_service": ["dancing", "any", ""]}, 422, "服务类型、数量"),
        ({"item_per": ["decade", "month", ""]}, 422, "服务类型、数量"),
        (
            {"item_service": ["any", "any", ""], "item_measure": ["hours", "hours", ""]},
            422,
            "同一服务、单位和周期只能有一项",
        ),
        ({"district": "宁波市"}, 409, "这个地区已经有一套服务标准"),
    ],
)
def test_bad_standards_are_refused_with_the_reason(app, demo, hub_env, changes, status, reason):
    editor = staff_client(app, demo, "editor")
    answer = post_form(editor, "/admin/standards/new", "/admin/standards", {**MIANYANG, **changes})
    assert answer.status_code == status and reason in answer.text
    assert len(_standards(hub_env)) == 3


@sqlite_only
def test_viewers_and_advisers_cannot_change_standards(app, demo, hub_env):
    for role in ("viewer", "adviser"):
        client = staff_client(app, demo, role)
        csrf = csrf_of(client.get("/admin/worklog").text)
        assert client.post("/admin/standards", data={"csrf": csrf, **MIANYANG}).status_code == 403
        assert client.get("/admin/standards/new").status_code == 403
    assert staff_client(app, demo, "adviser").get("/admin/standards").status_code == 403
    assert len(_standards(hub_env)) == 3


def test_more_villages_than_the_district_allows_are_refused(app, demo, hub_env):
    editor = staff_client(app, demo, "editor")
    assert (
        post_form(editor, "/admin/standards/new", "/admin/standards", MIANYANG).status_code == 303
    )
    url = "/admin/advisers/adv-a"
    refused = post_form(editor, url, url, {**ADVISER_FORM, "serves": "示例社区，新村，老村"})
    assert refused.status_code == 422
    assert "绵阳测试标准（示例） 规定每名顾问最多服务 2 个村（社区），这里填了 3 个" in refused.text
    with reading(hub_env.engine) as conn:
        serves = conn.execute(select(advisers.c.serves).where(advisers.c.id == "adv-a")).scalar()
    assert serves == ["示例社区"]
    kept = post_form(editor, url, url, {**ADVISER_FORM, "serves": "示例社区，新村"})
    assert kept.status_code == 303


def test_assigning_a_terminal_beyond_the_village_limit_is_refused(app, demo, hub_env):
    editor, admin = staff_client(app, demo, "editor"), staff_client(app, demo, "admin")
    one_village = {**MIANYANG, "village_limit": "1"}
    assert (
        post_form(editor, "/admin/standards/new", "/admin/standards", one_village).status_code
        == 303
    )
    with reading(hub_env.engine) as conn:
        other = conn.execute(
            select(terminals.c.id).where(terminals.c.name == "测试终端乙")
        ).scalar_one()
    url = f"/admin/terminals/{other}"
    place = {
        "place": "绵阳市",
        "district": "绵阳市涪城区",
        "address": "示例路 2 号",
        "datum": "gcj02",
    }
    # adv-a serves 示例社区; the other terminal stands in 示例村
    refused = post_form(admin, url, url, {**place, "village": "示例村", "adviser_id": "adv-a"})
    assert refused.status_code == 422
    assert "规定每名顾问最多服务 1 个村（社区），这里填了 2 个" in refused.text
    same_village = post_form(
        admin, url, url, {**place, "village": "示例社区", "adviser_id": "adv-a"}
    )
    assert same_village.status_code == 303
    with reading(hub_env.engine) as conn:
        assigned = conn.execute(select(terminals.c.adviser_id).where(terminals.c.id == other))
        assert assigned.scalar_one() == "adv-a"
