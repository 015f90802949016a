"""``/admin/callbacks``: staff see open callback requests (with the phone, to call), mark them done."""

from __future__ import annotations

import re
import uuid

import pytest

from hub.main import create_app
from tests.support.admin_app import post_form, sqlite_only, staff_client


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


def queue_callback(client, terminal, **changes):
    body = {
        "id": str(uuid.uuid4()),
        "name": "孙示例",
        "phone": "13900004455",
        "adviser_id": "adv-a",
        "topic": "邻里纠纷",
        "at": "2027-01-15T08:00:00+00:00",
        **changes,
    }
    assert (
        client.post("/api/v1/callbacks", json=body, headers=terminal["headers"]).status_code == 201
    )


def test_open_requests_are_listed_and_marked_done(app, demo, client, terminal):
    queue_callback(client, terminal)
    adviser = staff_client(app, demo, "adviser")
    page = adviser.get("/admin/callbacks")
    assert page.status_code == 200
    assert "孙**" in page.text and "****4455" in page.text and "邻里纠纷" in page.text
    assert "孙示例" not in page.text and "13900004455" not in page.text
    action = page.text.split('action="/admin/callbacks/')[1].split('"')[0]
    done = post_form(adviser, "/admin/callbacks", f"/admin/callbacks/{action}")
    assert (done.status_code, done.headers["location"]) == (303, "/admin/callbacks?done=callback")
    after = adviser.get("/admin/callbacks?done=callback")
    assert "13900004455" not in after.text and "已标记为已回电" in after.text
    again = post_form(adviser, "/admin/callbacks", f"/admin/callbacks/{action}")
    assert again.status_code == 404


@sqlite_only
def test_viewers_may_not_see_phones_and_forms_need_csrf(app, demo, client, terminal):
    queue_callback(client, terminal)
    assert staff_client(app, demo, "viewer").get("/admin/callbacks").status_code == 403
    assert (
        staff_client(app, demo, None).get("/admin/callbacks").status_code == 303
    )  # to the login page
    admin = staff_client(app, demo, "admin")
    page = admin.get("/admin/callbacks")
    action = page.text.split('action="/admin/callbacks/')[1].split('"')[0]
    assert admin.post(f"/admin/callbacks/{action}", data={"csrf": "wrong"}).status_code == 403


def test_an_adviser_sees_and_handles_only_requests_addressed_to_them(
    app, demo, client, terminal, other_terminal
):
    queue_callback(client, terminal, name="孙示例", phone="13900004455")  # for adv-a, the adviser
    queue_callback(client, other_terminal, name="周示例", phone="13900006677", adviser_id="adv-b")
    queue_callback(client, other_terminal, name="吴示例", phone="13900008899", adviser_id=None)
    queue_callback(client, terminal, name="郑示例", phone="13900001122", adviser_id=None)
    admin = staff_client(app, demo, "admin")
    everything = admin.get("/admin/callbacks").text
    for phone in ("13900004455", "13900006677", "13900008899", "13900001122"):
        assert f'href="tel:{phone}"' in everything  # admins and editors keep the full list
    names = {"sun": "孙示例", "zhou": "周示例", "wu": "吴示例", "zheng": "郑示例"}
    rows = everything.split("<tr>")
    ids = {
        key: re.search(r'action="/admin/callbacks/(\d+)/done"', row).group(1)
        for key, name in names.items()
        for row in rows
        if name in row
    }
    adviser = staff_client(app, demo, "adviser")  # adv-a, assigned to the first terminal
    mine = adviser.get("/admin/callbacks").text
    assert "孙**" in mine and "****4455" in mine and "郑**" in mine and "****1122" in mine
    for other in ("周", "吴", "6677", "8899", "13900004455", "13900001122"):
        assert other not in mine
    call = adviser.get(f"/admin/callbacks/{ids['sun']}")
    assert call.status_code == 200 and 'href="tel:13900004455"' in call.text
    for theirs in ("zhou", "wu"):
        assert adviser.get(f"/admin/callbacks/{ids[theirs]}").status_code == 404
        refused = post_form(adviser, "/admin/callbacks", f"/admin/callbacks/{ids[theirs]}/done")
        assert refused.status_code == 404
    assert 'href="tel:13900006677"' in admin.get("/admin/callbacks").text  # still open
    done = post_form(adviser, "/admin/callbacks", f"/admin/callbacks/{ids['zheng']}/done")
    assert done.status_code == 303
