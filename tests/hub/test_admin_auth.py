"""Staff login: sessions and cookie flags, failures, growing lockout, CSRF, logout, language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from hub.core.db import writing
from hub.crud import lockout
from hub.main import create_app
from hub.models.types import utcnow
from tests.support.admin_app import csrf_of, login, post_form, sqlite_only, staff_client
from tests.support.hub_process import hub_on_database


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


def test_login_opens_a_session_with_safe_cookie_flags(app, demo):
    client = TestClient(app, follow_redirects=False)
    answer = login(client, "editor", demo.passwords["editor"][1], next_url="/admin/articles")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/articles"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("hub_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    page = client.get("/admin/articles")
    assert page.status_code == 200
    assert "协议离婚要准备什么" in page.text


@sqlite_only
def test_secure_cookie_over_https(app, demo):
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    answer = login(client, "viewer", demo.passwords["viewer"][1])
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("hub_session="))
    assert "Secure" in cookie


def test_secure_cookie_setting_behind_a_tls_proxy(hub_env, demo):
    settings = hub_env.settings.model_copy(update={"secure_cookies": True})
    client = TestClient(create_app(settings, engine=hub_env.engine), follow_redirects=False)
    token = csrf_of(client.get("/admin/login").text)
    client.cookies.clear()
    answer = client.post(
        "/admin/login",
        headers={"cookie": f"hub_login_csrf={token}"},
        data={"username": "viewer", "password": demo.passwords["viewer"][1], "csrf": token},
    )
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("hub_session="))
    assert "Secure" in cookie and "HttpOnly" in cookie


@sqlite_only
@pytest.mark.parametrize(
    "next_url", ["https://evil.example/admin", "//evil.example/x", "/p/articles/x"]
)
def test_login_never_redirects_off_the_admin(app, demo, next_url):
    client = TestClient(app, follow_redirects=False)
    answer = login(client, "viewer", demo.passwords["viewer"][1], next_url=next_url)
    assert answer.headers["location"] == "/admin"


def test_wrong_password_is_refused_with_a_reason(app, demo):
    client = TestClient(app, follow_redirects=False)
    answer = login(client, "editor", "not-the-password")
    assert answer.status_code == 401
    assert "用户名或密码不对" in answer.text
    assert "hub_session=" not in answer.headers.get("set-cookie", "")
    assert client.get("/admin").status_code == 303


@sqlite_only
def test_unknown_user_gets_the_same_answer(app):
    answer = login(TestClient(app, follow_redirects=False), "nobody", "whatever-123")
    assert answer.status_code == 401
    assert "用户名或密码不对" in answer.text


def test_lockout_after_five_failures_even_with_the_right_password(app, demo):
    client = TestClient(app, follow_redirects=False)
    for _ in range(5):
        assert login(client, "admin", "wrong-password").status_code == 401
    locked = login(client, "admin", demo.passwords["admin"][1])
    assert locked.status_code == 429
    assert "已暂时锁定" in locked.text and "15 分钟" in locked.text


def test_lockout_grows_and_is_per_client(hub_env):
    settings, now = hub_env.settings, datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with writing(hub_env.engine) as conn:

        def until(client="10.0.0.1", at=now):
            return lockout.locked_until(
                conn, username="ed", client=client, settings=settings, now=at
            )

        def fail(times, at=now):
            for _ in range(times):
                lockout.record_failure(conn, username="ed", client="10.0.0.1", now=at)

        fail(4)
        assert until() is None
        fail(1)
        assert until() == now + timedelta(minutes=15)
        assert until(client="10.0.0.2") is None
        assert until(at=now + timedelta(minutes=15)) is None
        fail(5)  # 10 failures in 30 minutes
        assert until() == now + timedelta(minutes=30)
        fail(5)  # 15 in an hour
        assert until() == now + timedelta(hours=1)
        lockout.clear_failures(conn, username="ed", client="10.0.0.1")
        assert until() is None


def test_many_addresses_lock_the_account_until_an_admin_unlocks_it(app, demo, hub_env):
    """50 wrong passwords from 10 addresses (5 each: no pair is locked) lock the account."""
    now = utcnow()
    with writing(hub_env.engine) as conn:
        for n in range(50):
            client = f"192.0.2.{n % 10}"
            assert (
                lockout.locked_until(
                    conn, username="editor", client=client, settings=hub_env.settings, now=now
                )
                is None
                or n >= 20
            )
            lockout.record_failure(conn, username="editor", client=client, now=now)
    browser = TestClient(app, follow_redirects=False)
    locked = login(browser, "editor", demo.passwords["editor"][1])
    assert locked.status_code == 429
    admin = staff_client(app, demo, "admin")
    listing = admin.get("/admin/users")
    assert "解除锁定" in listing.text
    user_id = next(
        int(part.split("/")[0])
        for part in listing.text.split('action="/admin/users/')[1:]
        if part.split("/")[1].startswith("unlock")
    )
    unlocked = post_form(admin, "/admin/users", f"/admin/users/{user_id}/unlock")
    assert (unlocked.status_code, unlocked.headers["location"]) == (
        303,
        "/admin/users?done=unlocked",
    )
    assert "解除锁定" not in admin.get("/admin/users").text
    assert login(browser, "editor", demo.passwords["editor"][1]).status_code == 303


def test_account_limit_counts_every_address(hub_env):
    settings, now = hub_env.settings, datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with writing(hub_env.engine) as conn:
        for n in range(19):
            lockout.record_failure(conn, username="ed", client=f"10.0.1.{n}", now=now)
        assert lockout.account_locked_until(conn, username="ed", settings=settings, now=now) is None
        lockout.record_failure(conn, username="ed", client="10.0.1.99", now=now)
        for client in ("10.0.1.1", "10.9.9.9"):  # a fresh address is locked out too
            assert lockout.locked_until(
                conn, username="ed", client=client, settings=settings, now=now
            ) == now + timedelta(minutes=15)
        assert (
            lockout.locked_until(
                conn, username="other", client="10.9.9.9", settings=settings, now=now
            )
            is None
        )


def test_login_form_without_its_csrf_token_is_refused(app, demo):
    client = TestClient(app, follow_redirects=False)
    client.get("/admin/login")
    answer = client.post(
        "/admin/login", data={"username": "admin", "password": demo.passwords["admin"][1]}
    )
    assert answer.status_code == 403
    assert "CSRF" in answer.text


def test_not_logged_in_goes_to_the_login_page(app):
    answer = TestClient(app, follow_redirects=False).get("/admin/articles?status=draft")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft"


def test_terminal_tokens_never_open_staff_pages(app, client, terminal):
    answer = TestClient(app, follow_redirects=False).get("/admin", headers=terminal["headers"])
    assert answer.status_code == 403
    assert "不接受终端令牌" in answer.text


def test_logout_needs_csrf_and_ends_the_session(app, demo):
    client = staff_client(app, demo, "editor", via_form=True)
    assert client.post("/admin/logout").status_code == 403
    answer = post_form(client, "/admin", "/admin/logout")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/login"
    assert client.get("/admin").status_code == 303


@sqlite_only
def test_language_switch(app, demo):
    client = staff_client(app, demo, "viewer")
    answer = client.get("/admin/lang/en?next=/admin/reports")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/admin/reports"
    page = client.get("/admin/reports")
    assert "Usage reports" in page.text and "使用统计" not in page.text
    client.get("/admin/lang/zh_CN?next=/admin")
    assert "使用统计" in client.get("/admin/reports").text


@sqlite_only
def test_pages_carry_security_headers(app, demo):
    page = staff_client(app, demo, "viewer").get("/admin")
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert csrf_of(page.text)


@pytest.fixture
def proxied_hub(request, tmp_path):
    """A real hub process run as the deployed unit runs it behind nginx (``--proxy-headers``):
    the client address is the one the proxy puts in ``X-Forwarded-For``."""
    kind = request.param
    with hub_on_database(kind, tmp_path, serve_args=("--proxy-headers",)) as (running, _url):
        yield running


def _form_login(hub, address: str, username: str, password: str) -> httpx.Response:
    """One login through the real form, from ``address`` as the proxy reports it."""
    headers = {"X-Forwarded-For": address}
    with httpx.Client(base_url=hub.base_url, headers=headers, timeout=30) as browser:
        page = browser.get("/admin/login")
        assert page.status_code == 200, page.text
        form = {"username": username, "password": password, "csrf": csrf_of(page.text)}
        return browser.post("/admin/login", data={**form, "next": "/admin"})


@pytest.mark.slow
@pytest.mark.parametrize(
    "proxied_hub", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_form_logins_from_ten_addresses_lock_the_account_until_an_admin_unlocks_it(proxied_hub):
    hub = proxied_hub
    right = hub.passwords["editor"]
    # 2 wrong passwords from each of 10 addresses: no address reaches its own limit of 5, the
    # account reaches its limit of 20.
    for n in range(20):
        wrong = _form_login(hub, f"10.0.0.{n % 10 + 1}", "editor", f"wrong-{n}")
        assert wrong.status_code == 401, (n, wrong.text)
    for address in ("10.0.0.1", "10.0.0.99"):  # an address used before, and a fresh one
        locked = _form_login(hub, address, "editor", right)
        assert locked.status_code == 429, locked.text
        assert "session" not in locked.cookies
    log = (hub.data_dir / "serve.log").read_text(errors="replace")
    assert all(f"failed staff login from 10.0.0.{n}\n" in log for n in range(1, 11))
    with httpx.Client(
        base_url=hub.base_url, headers={"X-Forwarded-For": "10.0.5.5"}, timeout=30
    ) as admin:
        page = admin.get("/admin/login")
        answer = admin.post(
            "/admin/login",
            data={
                "username": "admin",
                "password": hub.passwords["admin"],
                "csrf": csrf_of(page.text),
                "next": "/admin/users",
            },
        )
        assert answer.status_code == 303, answer.text
        listing = admin.get("/admin/users")
        unlock = re.findall(r'action="(/admin/users/\d+/unlock)"', listing.text)
        assert len(unlock) == 1, listing.text  # only the editor is locked
        done = admin.post(unlock[0], data={"csrf": csrf_of(listing.text)})
        assert (done.status_code, done.headers["location"]) == (303, "/admin/users?done=unlocked")
    assert _form_login(hub, "10.0.0.99", "editor", right).status_code == 303
