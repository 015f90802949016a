"""The terminal's page: admins send remote commands (CSRF-checked, logged with their name), see
them with state, sender and result, and the screenshot a terminal uploaded."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from contract.terminal_commands import PNG_MAGIC
from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import terminal_commands
from tests.support.admin_app import csrf_of, post_form, sqlite_only, staff_client

BEAT = {"version": "1.0", "content_version": 0, "queue": 0}
PNG = PNG_MAGIC + b"\x00\x00\x00\rIHDR" + b"\x01" * 40


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


@pytest.fixture
def admin(app, demo):
    return staff_client(app, demo, "admin")


def commands_of(hub_env, terminal_id):
    with reading(hub_env.engine) as conn:
        return (
            conn.execute(
                select(terminal_commands)
                .where(terminal_commands.c.terminal_id == terminal_id)
                .order_by(terminal_commands.c.created_at)
            )
            .mappings()
            .all()
        )


def test_admin_sends_each_command_and_sees_its_result(admin, client, hub_env, terminal, caplog):
    page_url = f"/admin/terminals/{terminal['terminal_id']}"
    page = admin.get(page_url).text
    for label in ("立即同步", "运行自检", "截屏", "重启程序"):
        assert f">{label}</button>" in page
    caplog.set_level(logging.WARNING, logger="hub.crud.terminal_commands")
    for command in ("sync", "doctor", "screenshot", "restart"):
        answer = post_form(admin, page_url, page_url + "/commands", {"command": command})
        assert answer.status_code == 303
        assert answer.headers["location"] == page_url + "?done=command_sent#commands"
    rows = commands_of(hub_env, terminal["terminal_id"])
    assert [(r["command"], r["state"], r["sent_by"]) for r in rows] == [
        ("sync", "pending", "admin"),
        ("doctor", "pending", "admin"),
        ("screenshot", "pending", "admin"),
        ("restart", "pending", "admin"),
    ]
    assert all(r["sent_by_user_id"] is not None for r in rows)
    logged = [r.getMessage() for r in caplog.records]
    assert (
        f"terminal command {rows[0]['id']} sync for terminal {terminal['terminal_id']} sent by admin"
        in logged
    )
    handed = client.post("/api/v1/heartbeat", headers=terminal["headers"], json=BEAT).json()
    assert [c["command"] for c in handed["commands"]] == ["sync", "doctor", "screenshot", "restart"]
    shot = rows[2]["id"]
    upload = client.put(
        f"/api/v1/commands/{shot}/screenshot",
        headers={**terminal["headers"], "Content-Type": "image/png"},
        content=PNG,
    )
    assert upload.status_code == 204
    done = [
        {
            "id": rows[1]["id"],
            "ok": False,
            "result": {"ok": False, "checks": [{"name": "printer", "ok": False, "detail": "缺纸"}]},
        },
        {"id": shot, "ok": True, "result": {"bytes": len(PNG), "width": 1280, "height": 720}},
        {
            "id": rows[3]["id"],
            "ok": False,
            "result": {"error": "no_app", "reason": "no app is running"},
        },
    ]
    client.post("/api/v1/heartbeat", headers=terminal["headers"], json={**BEAT, "done": done})
    page = admin.get(page_url + "?done=command_sent").text
    assert "命令已发出" in page
    assert page.count(">已完成</span>") == 1 and page.count(">失败</span>") == 2
    assert page.count(">已送达</span>") == 1  # sync: handed out, no result yet
    assert "终端上没有运行程序（no app is running）" in page
    assert "1 项未通过：打印机" in page and "1280×720，0 KB" in page
    image = f"/admin/terminals/{terminal['terminal_id']}/commands/{shot}/screenshot.png"
    assert f'<img src="{image}"' in page
    served = admin.get(image)
    assert (served.status_code, served.headers["content-type"], served.content) == (
        200,
        "image/png",
        PNG,
    )
    other = admin.get(f"/admin/terminals/t-0000000000000000/commands/{shot}/screenshot.png")
    assert other.status_code == 404  # the image belongs to its terminal's page only


@sqlite_only
@pytest.mark.parametrize("role", ["editor", "adviser", "viewer"])
def test_only_admins_send_commands(app, demo, hub_env, terminal, role):
    staff = staff_client(app, demo, role)
    url = f"/admin/terminals/{terminal['terminal_id']}/commands"
    answer = staff.post(url, data={"csrf": "x", "command": "restart"})
    assert answer.status_code == 403
    assert commands_of(hub_env, terminal["terminal_id"]) == []


@sqlite_only
def test_sending_needs_the_csrf_token_and_a_known_command(admin, hub_env, terminal):
    page_url = f"/admin/terminals/{terminal['terminal_id']}"
    refused = admin.post(page_url + "/commands", data={"csrf": "wrong", "command": "sync"})
    assert refused.status_code == 403
    unknown = post_form(admin, page_url, page_url + "/commands", {"command": "reboot"})
    assert unknown.status_code == 422 and "没有这个命令" in unknown.text
    csrf = csrf_of(admin.get(page_url).text)
    missing = admin.post(
        "/admin/terminals/t-0000000000000000/commands", data={"csrf": csrf, "command": "sync"}
    )
    assert missing.status_code == 404
    assert commands_of(hub_env, terminal["terminal_id"]) == []


@pytest.mark.parametrize(
    ("command", "result", "shown"),
    [
        ("sync", {"status": "updated", "version": 7}, "同步结果：updated，内容版本 7"),
        ("restart", {"restarting": True}, "已要求程序重启（由系统重新打开）"),
        ("doctor", {"ok": True, "checks": [{"name": "disk", "ok": True}]}, "自检全部通过"),
        (
            "doctor",
            {"ok": False, "checks": [{"name": "new_check", "ok": False}]},
            "1 项未通过：new_check",
        ),
        ("sync", {"error": "expired", "reason": "not picked up"}, "已过期（not picked up）"),
        ("sync", {"error": "something_new"}, "something_new"),
        ("screenshot", {"bytes": 90_000, "width": 1920, "height": 1080}, "1920×1080，88 KB"),
        ("sync", {"other": "x" * 500}, '{"other":"' + "x" * 390 + "…"),
        ("sync", None, ""),
    ],
)
def test_results_read_as_sentences(command, result, shown):
    from contract.i18n import Translator
    from hub.admin.terminal_commands import result_text

    assert result_text(Translator("zh_CN"), command, result) == shown
