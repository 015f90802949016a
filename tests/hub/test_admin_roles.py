"""Every admin page and action checks the role: a table of who may open what."""

from __future__ import annotations

import pytest

from hub.main import create_app
from tests.support.admin_app import csrf_of, staff_client

PAGES = {
    # url: roles allowed
    "/admin": {"admin", "editor", "adviser", "viewer"},
    "/admin/articles": {"admin", "editor"},
    "/admin/articles/new": {"admin", "editor"},
    "/admin/articles/art-divorce": {"admin", "editor"},
    "/admin/categories": {"admin", "editor"},
    "/admin/institutions": {"admin", "editor"},
    "/admin/institutions/import": {"admin", "editor"},
    "/admin/institutions/export.csv": {"admin", "editor"},
    "/admin/advisers": {"admin", "editor"},
    "/admin/advisers/adv-a": {"admin", "editor"},
    "/admin/announcements": {"admin", "editor"},
    "/admin/terminals": {"admin"},
    "/admin/terminals/new": {"admin"},
    "/admin/users": {"admin"},
    "/admin/users/new": {"admin"},
    "/admin/reports": {"admin", "editor", "viewer"},
    "/admin/reports/export.csv?table=summary": {"admin", "editor", "viewer"},
    "/admin/ledger": {"admin", "editor", "viewer"},
    "/admin/ledger/export.csv": {"admin", "editor", "viewer"},
    "/admin/my": {"adviser"},
}
ACTIONS = {
    "/admin/publish": {"admin", "editor"},
    "/admin/articles/new": {"admin", "editor"},
    "/admin/categories/new": {"admin", "editor"},
    "/admin/institutions/import": {"admin", "editor"},
    "/admin/advisers/adv-a/leave": {"admin", "editor"},
    "/admin/announcements/new": {"admin", "editor"},
    "/admin/terminals/new": {"admin"},
    "/admin/users/new": {"admin"},
}


@pytest.mark.parametrize("role", ["admin", "editor", "adviser", "viewer"])
def test_each_role_opens_only_its_pages(hub_env, demo, role):
    client = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, role)
    seen = {}
    for url, allowed in PAGES.items():
        answer = client.get(url)
        seen[url] = answer.status_code
        if role not in allowed:
            assert "您的角色没有这个权限" in answer.text, url
    expected = {url: 200 if role in allowed else 403 for url, allowed in PAGES.items()}
    if role == "adviser":
        expected["/admin"] = 303  # to /admin/my
        assert client.get("/admin").headers["location"] == "/admin/my"
    assert seen == expected
    nav = client.get("/admin/my" if role == "adviser" else "/admin").text
    assert ('href="/admin/users"' in nav) == (role == "admin")
    assert ('href="/admin/articles"' in nav) == (role in ("admin", "editor"))


@pytest.mark.parametrize("role", ["adviser", "viewer"])
def test_refused_roles_change_nothing_even_with_a_valid_token(hub_env, demo, role):
    client = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, role)
    token = csrf_of(client.get("/admin/my" if role == "adviser" else "/admin").text)
    for url, allowed in ACTIONS.items():
        answer = client.post(url, data={"csrf": token, "title": "x", "name": "x", "username": "x"})
        assert answer.status_code == (303 if role in allowed else 403), url


def test_every_post_without_the_csrf_token_is_refused(hub_env, demo):
    client = staff_client(create_app(hub_env.settings, engine=hub_env.engine), demo, "admin")
    actions = [
        *ACTIONS,
        "/admin/articles/art-divorce",
        "/admin/articles/art-divorce/delete",
        "/admin/categories/marriage/delete",
        "/admin/institutions/inst-aid/delete",
        "/admin/logout",
    ]
    for url in actions:
        answer = client.post(url, data={"title": "x"})
        assert answer.status_code == 403, url
        assert "CSRF" in answer.text
        wrong = client.post(url, data={"title": "x", "csrf": "forged"})
        assert wrong.status_code == 403, url
    assert client.get("/admin/articles/art-divorce").status_code == 200
