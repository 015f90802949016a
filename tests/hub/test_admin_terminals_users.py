"""Terminals (enrollment code → real enroll, revoke stops the token, health from heartbeats) and users."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import enrollment_codes, terminals, users
from tests.support.admin_app import csrf_of, login, post_form, sqlite_only, staff_client

TERMINAL = {
    "name": "示例终端丙",
    "place": "示例司法所大厅",
    "district": "西安市莲湖区",
    "address": "示例街 8 号",
    "village": "示例社区",
    "lat": "34.27",
    "lng": "108.93",
    "datum": "gcj02",
    "adviser_id": "adv-b",
}


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def admin(app, demo):
    return staff_client(app, demo, "admin")


def test_new_terminal_code_enrolls_and_revoke_stops_it(admin, client, hub_env):
    answer = post_form(admin, "/admin/terminals/new", "/admin/terminals/new", TERMINAL)
    assert answer.status_code == 201
    code = re.search(r'data-test="code">([A-Z0-9]+)<', answer.text).group(1)
    assert "只显示这一次" in answer.text
    enrolled = client.post("/api/v1/enroll", json={"code": code}).json()
    headers = {"Authorization": f"Bearer {enrolled['token']}"}
    doctor = {
        "ok": False,
        "checks": [
            {"name": "printer", "ok": False, "detail": "no paper"},
            {"name": "font", "ok": True, "detail": "Noto Sans CJK"},
        ],
    }
    beat = client.post(
        "/api/v1/heartbeat",
        headers=headers,
        json={"version": "1.2.0", "content_version": 0, "queue": 3, "doctor": doctor},
    )
    assert beat.status_code == 200
    listing = admin.get("/admin/terminals").text
    assert "示例终端丙" in listing and "1.2.0" in listing
    assert (
        '<span class="nowrap" title="printer">打印机</span>' in listing
    )  # the check's Chinese name
    page = admin.get(f"/admin/terminals/{enrolled['terminal_id']}").text
    assert "no paper" in page and "有问题" in page
    assert '<td class="nowrap" title="printer">打印机</td>' in page
    assert '<td class="nowrap" title="font">font</td>' in page  # a name the catalog does not know
    revoked = post_form(
        admin,
        f"/admin/terminals/{enrolled['terminal_id']}",
        f"/admin/terminals/{enrolled['terminal_id']}/revoke",
    )
    assert revoked.status_code == 303
    assert client.get("/api/v1/content?since=0", headers=headers).status_code == 401
    fresh = post_form(
        admin,
        f"/admin/terminals/{enrolled['terminal_id']}",
        f"/admin/terminals/{enrolled['terminal_id']}/code",
    )
    assert fresh.status_code == 200
    new_code = re.search(r'data-test="code">([A-Z0-9]+)<', fresh.text).group(1)
    assert client.post("/api/v1/enroll", json={"code": new_code}).status_code == 200


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "status", "text"),
    [
        ({"name": ""}, 422, "名称: 必填"),
        ({"name": "测试终端甲"}, 409, "名称: 这个名称已被使用"),
        ({"lat": "北纬"}, 422, "纬度: 必须在 -90 到 90 之间"),
        ({"adviser_id": "adv-none"}, 422, "法律顾问: 不存在"),
    ],
)
def test_bad_terminal_input(admin, hub_env, changes, status, text):
    answer = post_form(
        admin, "/admin/terminals/new", "/admin/terminals/new", {**TERMINAL, **changes}
    )
    assert answer.status_code == status
    assert text in answer.text


def test_edit_terminal_place_and_adviser(admin, hub_env):
    with reading(hub_env.engine) as conn:
        terminal_id = conn.execute(
            select(terminals.c.id).where(terminals.c.name == "测试终端甲")
        ).scalar_one()
    url = f"/admin/terminals/{terminal_id}"
    assert (
        post_form(admin, url, url, {**TERMINAL, "name": "ignored", "adviser_id": ""}).status_code
        == 303
    )
    with reading(hub_env.engine) as conn:
        row = conn.execute(select(terminals).where(terminals.c.id == terminal_id)).mappings().one()
    assert (row["name"], row["place"], row["adviser_id"], row["lat"]) == (
        "测试终端甲",
        "示例司法所大厅",
        None,
        34.27,
    )


def test_user_round_trip(app, admin, hub_env, demo):
    data = {
        "username": "clerk",
        "display_name": "示例文员",
        "role": "viewer",
        "password": "long-enough-1",
        "active": "1",
    }
    assert post_form(admin, "/admin/users/new", "/admin/users/new", data).status_code == 303
    with reading(hub_env.engine) as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.username == "clerk")).scalar_one()
    assert login(staff_client(app, demo, None), "clerk", "long-enough-1").status_code == 303
    change = {
        "display_name": "示例文员",
        "role": "editor",
        "adviser_id": "",
        "password": "",
    }  # unticked: inactive
    assert (
        post_form(admin, f"/admin/users/{user_id}", f"/admin/users/{user_id}", change).status_code
        == 303
    )
    with reading(hub_env.engine) as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).mappings().one()
    assert (row["role"], row["active"]) == ("editor", False)
    assert login(staff_client(app, demo, None), "clerk", "long-enough-1").status_code == 401


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "status", "text"),
    [
        ({"username": "editor"}, 409, "这个用户名已存在"),
        ({"username": "two words"}, 422, "不能有空格"),
        ({"password": "short"}, 422, "密码至少 8 个字符"),
        ({"role": "adviser"}, 422, "法律顾问角色必须选择一位顾问"),
        ({"role": "root"}, 422, "必须是以下之一"),
    ],
)
def test_bad_user_input(admin, changes, status, text):
    data = {"username": "newbie", "role": "viewer", "password": "long-enough-1", **changes}
    answer = post_form(admin, "/admin/users/new", "/admin/users/new", data)
    assert answer.status_code == status
    assert text in answer.text


def test_admin_cannot_demote_themself(admin, hub_env):
    with reading(hub_env.engine) as conn:
        user_id = conn.execute(select(users.c.id).where(users.c.username == "admin")).scalar_one()
    answer = post_form(
        admin,
        f"/admin/users/{user_id}",
        f"/admin/users/{user_id}",
        {"role": "viewer", "active": "1"},
    )
    assert answer.status_code == 422 and "不能停用自己的账号" in answer.text


def _code_on(page_text: str) -> str:
    return re.search(r'data-test="code">([A-Z0-9]+)<', page_text).group(1)


def test_revoking_in_the_admin_voids_codes_until_an_admin_issues_one(
    admin, client, demo, hub_env, caplog
):
    """The admin's revoke form voids every outstanding code; only a code an admin issues after
    the revocation enrolls the terminal again, and the log names that admin."""
    enrolled = client.post("/api/v1/enroll", json={"code": demo.codes["测试终端甲"]}).json()
    page = f"/admin/terminals/{enrolled['terminal_id']}"
    spare = _code_on(post_form(admin, page, page + "/code").text)
    assert post_form(admin, page, page + "/revoke").status_code == 303
    refused = client.post("/api/v1/enroll", json={"code": spare})
    assert (refused.status_code, refused.json()["detail"]) == (
        403,
        "enrollment code is unknown, used or expired",
    )
    with caplog.at_level("INFO", logger="hub.crud.terminals"):
        fresh = _code_on(post_form(admin, page, page + "/code").text)
        again = client.post("/api/v1/enroll", json={"code": fresh})
    assert again.status_code == 200 and again.json()["terminal_id"] == enrolled["terminal_id"]
    logged = [r.getMessage() for r in caplog.records]
    assert any(
        line.startswith(f"enrollment code for revoked terminal {enrolled['terminal_id']}")
        and "issued by admin" in line
        for line in logged
    ), logged
    assert any(
        line.startswith(f"revoked terminal {enrolled['terminal_id']} re-enrolled")
        and "code issued by admin after its revocation" in line
        for line in logged
    ), logged
    with reading(hub_env.engine) as conn:
        assert (
            conn.execute(
                select(terminals.c.revoked_at).where(terminals.c.id == enrolled["terminal_id"])
            ).scalar_one()
            is None
        )


@pytest.mark.parametrize("role", ["editor", "viewer", "adviser"])
def test_only_an_admin_issues_codes_or_revokes(app, demo, hub_env, role):
    staff = staff_client(app, demo, role)
    token = csrf_of(staff.get("/admin/my" if role == "adviser" else "/admin").text)
    with reading(hub_env.engine) as conn:
        terminal_id = conn.execute(
            select(terminals.c.id).where(terminals.c.name == "测试终端甲")
        ).scalar_one()
        codes_before = conn.execute(select(func.count()).select_from(enrollment_codes)).scalar()
    for action in ("code", "revoke"):
        answer = staff.post(f"/admin/terminals/{terminal_id}/{action}", data={"csrf": token})
        assert answer.status_code == 403, (action, answer.text)
    with reading(hub_env.engine) as conn:
        assert (
            conn.execute(select(func.count()).select_from(enrollment_codes)).scalar()
            == codes_before
        )
        assert (
            conn.execute(
                select(terminals.c.revoked_at).where(terminals.c.id == terminal_id)
            ).scalar_one()
            is None
        )
