"""The advisers' work log: an adviser logs services, edits them while editable, then they lock;
advisers never read or change another's entries; hostile text is refused or shown as text."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from sqlalchemy import select

from hub.core.db import reading
from hub.main import create_app
from hub.models.tables import work_log
from tests.support.admin_app import csrf_of, post_form, sqlite_only, staff_client
from tests.support.work_log_steps import adviser_login, entry_form
from tests.support.zones import SHANGHAI

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI)
TODAY = "2026-11-20"


@pytest.fixture
def app(hub_env):
    return create_app(hub_env.settings, engine=hub_env.engine)


def _rows(hub_env) -> list[dict]:
    with reading(hub_env.engine) as conn:
        return [dict(r) for r in conn.execute(select(work_log).order_by(work_log.c.id)).mappings()]


def _add(client, form: dict):
    return post_form(client, "/admin/worklog", "/admin/worklog", form)


def test_an_adviser_logs_a_service_and_sees_it_in_their_month(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        page = adviser.get("/admin/worklog")
        assert page.status_code == 200
        assert f'name="day" value="{TODAY}"' in page.text  # the date defaults to today
        assert "村务法律审查" in page.text and "法律援助引导" in page.text
        saved = _add(adviser, entry_form(TODAY))
        assert (saved.status_code, saved.headers["location"]) == (
            303,
            "/admin/worklog?done=worklog_saved",
        )
        again = _add(adviser, entry_form(TODAY, service="lecture", start="", end="", hours="2"))
        assert again.status_code == 303
        listed = adviser.get("/admin/worklog?month=2026-11").text
    rows = _rows(hub_env)
    assert [
        (r["service"], r["village"], str(r["day"]), r["minutes"], r["people"]) for r in rows
    ] == [
        ("visit", "示例社区", TODAY, 90, 3),
        ("lecture", "示例社区", TODAY, 120, 3),
    ]
    assert rows[0]["adviser_id"] == "adv-a" and (rows[0]["start"], rows[0]["end"]) == (
        "09:00",
        "10:30",
    )
    assert listed.count('data-test="worklog-edit"') == 2
    assert "1.5 小时" in listed and "2 小时" in listed and "走访两户，讲解赡养义务" in listed


@sqlite_only
@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"service": "dancing"}, "service", "请选一种服务类型"),
        ({"village": "别人的村"}, "village", "请选您服务的村（社区）"),
        ({"day": "2026-11-21"}, "day", "不能记今天以后的日子"),
        ({"day": "2026-11-12"}, "day", "只能记最近 7 天内的服务"),
        ({"day": "20.11.2026"}, "day", "请填日期"),
        ({"start": "10:00", "end": "09:00"}, "end", "结束时间要晚于开始时间"),
        ({"start": "25:00"}, "start", "请按“时:分”填写"),
        ({"end": ""}, "end", "开始和结束时间都要填"),
        ({"start": "", "end": "", "hours": ""}, "hours", "请填开始和结束时间，或填用时"),
        ({"start": "", "end": "", "hours": "nan"}, "hours", "用时要大于 0"),
        ({"start": "", "end": "", "hours": "25"}, "hours", "用时要大于 0"),
        ({"people": "-1"}, "people", "请填 0 到 10000 之间的整数"),
        ({"people": "１２"}, "people", "请填 0 到 10000 之间的整数"),
        ({"note": "x" * 5000}, "note", "太长了"),
        ({"outcome": "y" * 201}, "outcome", "太长了"),
        ({"note": "bell\x07"}, "note", "控制字符"),
        ({"note": "nul\x00"}, "note", "控制字符"),
        ({"note": "rtl\u202eevil"}, "note", "隐藏字符"),
        ({"outcome": "zero\u200bwidth"}, "outcome", "隐藏字符"),
    ],
)
def test_bad_entries_answer_422_with_the_reason_and_store_nothing(
    app, demo, hub_env, changes, field, reason
):
    with time_machine.travel(NOW, tick=False):
        answer = _add(staff_client(app, demo, "adviser"), {**entry_form(TODAY), **changes})
    assert answer.status_code == 422
    assert reason in answer.text
    assert _rows(hub_env) == []


@sqlite_only
def test_a_lone_surrogate_in_the_raw_form_is_refused(app, demo, hub_env):
    """A browser cannot send one, a script can: percent-encoded CESU bytes of U+D800."""
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        csrf = csrf_of(adviser.get("/admin/worklog").text)
        body = urlencode({**entry_form(TODAY), "csrf": csrf}).replace("note=", "note=%ED%A0%80", 1)
        answer = adviser.post(
            "/admin/worklog",
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert answer.status_code == 422, answer.text
    assert _rows(hub_env) == []


def test_markup_in_a_note_is_shown_as_text(app, demo, hub_env):
    hostile = "<script>alert(1)</script><b>粗</b> [b]x[/b] {{ 7*7 }}"
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert (
            _add(adviser, entry_form(TODAY, note=hostile, outcome="<i>ok</i>")).status_code == 303
        )
        page = adviser.get("/admin/worklog").text
        viewer = staff_client(app, demo, "viewer").get("/admin/worklog").text
    assert _rows(hub_env)[0]["note"] == hostile  # stored as typed
    for html in (page, viewer):
        assert "<script>alert(1)</script>" not in html and "<b>粗</b>" not in html
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;粗&lt;/b&gt; [b]x[/b] {{ 7*7 }}" in html
        )
        assert "&lt;i&gt;ok&lt;/i&gt;" in html


def test_an_entry_is_editable_by_its_author_then_locked(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        adviser = staff_client(app, demo, "adviser")
        assert _add(adviser, entry_form(TODAY)).status_code == 303
    entry_id = _rows(hub_env)[0]["id"]
    url = f"/admin/worklog/{entry_id}"
    with time_machine.travel(NOW + timedelta(days=6, hours=23), tick=False):
        adviser = staff_client(app, demo, "adviser")
        form = adviser.get(url)
        assert form.status_code == 200 and 'value="已解答"' in form.text
        changed = post_form(adviser, url, url, entry_form(TODAY, people="5", outcome="已调解"))
        assert changed.status_code == 303
    assert (_rows(hub_env)[0]["people"], _rows(hub_env)[0]["outcome"]) == (5, "已调解")
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        adviser = staff_client(app, demo, "adviser")
        locked = adviser.get(url)
        assert locked.status_code == 409
        assert "已超过 7 天的修改期" in locked.text
        csrf = csrf_of(adviser.get("/admin/worklog").text)
        refused = adviser.post(url, data={"csrf": csrf, **entry_form(TODAY, people="9")})
        assert refused.status_code == 409
        listed = adviser.get("/admin/worklog?month=2026-11").text
    assert _rows(hub_env)[0]["people"] == 5
    assert "已锁定" in listed and 'data-test="worklog-edit"' not in listed


def test_the_edit_period_is_a_hub_setting(hub_env, demo):
    settings = hub_env.settings.model_copy(update={"work_log_edit_days": 2})
    app = create_app(settings, engine=hub_env.engine)
    with time_machine.travel(NOW, tick=False):
        assert _add(staff_client(app, demo, "adviser"), entry_form(TODAY)).status_code == 303
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        answer = staff_client(app, demo, "adviser").get(f"/admin/worklog/{_rows(hub_env)[0]['id']}")
    assert answer.status_code == 409 and "已超过 2 天的修改期" in answer.text


def test_an_adviser_cannot_read_or_change_another_advisers_entry(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        assert _add(staff_client(app, demo, "adviser"), entry_form(TODAY)).status_code == 303
        entry_id = _rows(hub_env)[0]["id"]
        other = adviser_login(app, username="adviser-b", adviser_id="adv-b")
        listed = other.get("/admin/worklog?month=2026-11")
        assert listed.status_code == 200 and "走访两户" not in listed.text
        opened = other.get(f"/admin/worklog/{entry_id}")
        assert opened.status_code == 403 and "只有记录人本人" in opened.text
        csrf = csrf_of(listed.text)
        changed = other.post(
            f"/admin/worklog/{entry_id}",
            data={"csrf": csrf, **entry_form(TODAY, village="示例村", note="改掉")},
        )
        assert changed.status_code == 403
    assert _rows(hub_env)[0]["note"] == "走访两户，讲解赡养义务"


def test_readers_see_every_entry_but_cannot_write(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        assert _add(staff_client(app, demo, "adviser"), entry_form(TODAY)).status_code == 303
        for role in ("viewer", "editor", "admin"):
            client = staff_client(app, demo, role)
            page = client.get("/admin/worklog?month=2026-11")
            assert page.status_code == 200 and "走访两户" in page.text, role
            assert 'data-test="worklog-form"' not in page.text, role
            refused = client.post(
                "/admin/worklog", data={"csrf": csrf_of(page.text), **entry_form(TODAY)}
            )
            assert refused.status_code == 403, role
            assert client.get(f"/admin/worklog/{_rows(hub_env)[0]['id']}").status_code == 403
    assert len(_rows(hub_env)) == 1


@sqlite_only
def test_a_form_without_the_csrf_token_is_refused(app, demo, hub_env):
    with time_machine.travel(NOW, tick=False):
        answer = staff_client(app, demo, "adviser").post("/admin/worklog", data=entry_form(TODAY))
    assert answer.status_code == 403
    assert _rows(hub_env) == []
