"""After a call (issue 13): the rating screen's 跳过 and its top bar leave without a rating, and a
face tapped there reaches the hub's report. Real taps, a real hub process on loopback: "call now"
starts a real call on the hub (the window is the recording launcher: no browser), the tapped face
goes into the kiosk's durable outbox, the outbox is delivered to the hub over HTTP, and staff
see it counted on /admin/reports and in its CSV files.
"""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import timedelta

import pytest

from kiosk.local_time import now_local
from kiosk.outbox.delivery import OutboxDelivery
from tests.support.live_booking import set_all_on_duty
from tests.support.staff_web import staff_session

pytestmark = pytest.mark.ui

RATING_EVENTS = ("call_rated", "service.rated")


def call_then_rating_screen(ui, hub):
    """Home → 预约 → 已预约？ → 立即视频 with an adviser on duty → the window closes → the rating."""
    set_all_on_duty(hub, True)
    ui.tap(ui.screen("home").ids.tile_booking)
    ui.tap(ui.screen("booking").ids.code_entry)
    call = ui.screen("call")
    assert ui.current == "call" and call.can_call_now, call.status
    ui.tap(call.ids.call_now)
    launcher = ui.app.services.video.launcher
    assert launcher.opened and launcher.opened[-1][0].startswith(hub.base_url + "/call/")
    launcher.finish("closed", seconds=240.0)
    ui.settle()
    assert ui.current == "call_rating"
    rating = ui.screen("call_rating")
    assert rating.call_id > 0  # the hub's own call
    return rating


def queued(ui, types=RATING_EVENTS) -> list:
    return [i for i in ui.app.services.outbox.items() if i.payload.get("type") in types]


@pytest.mark.parametrize("way", ["skip", "home", "back", "hotline"])
def test_skip_and_the_top_bar_leave_without_a_rating(ui, live, hub, way):
    before = {i.id for i in queued(ui)}
    rating = call_then_rating_screen(ui, hub)
    target = rating.ids.skip if way == "skip" else rating.ids.bar.ids[way]
    ui.tap(target)
    assert ui.current == {"skip": "home", "home": "home", "back": "call", "hotline": "hotline"}[way]
    ui.pump(5)
    time.sleep(0.3)  # the outbox's writer thread would have written a rating by now
    assert not ui.events("call_rated") and not ui.events("service.rated")
    assert {i.id for i in queued(ui)} == before
    if way == "skip":
        assert ui.events("call.rating_skipped")
    if way == "back":  # the video screen again, no longer in a call, and no code kept
        call = ui.screen("call")
        assert not call.busy and call.code == ""
        assert call.status != ui.app.tr("video.kiosk.in_call")
    if way == "hotline":  # 返回 from the hotline: the same question, still unanswered
        ui.tap(ui.screen("hotline").ids.bar.ids.back)
        assert ui.current == "call_rating" and ui.screen("call_rating").call_id == rating.call_id
        assert not ui.events("call_rated")


def report_csv(staff, hub, table: str) -> list[dict]:
    today = now_local("Asia/Shanghai").date()
    period = f"from={today - timedelta(days=1)}&to={today}"
    answer = staff.get(
        f"{hub.base_url}/admin/reports/export.csv?table={table}&{period}", timeout=20
    )
    assert answer.status_code == 200, answer.text[:200]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").lstrip("\ufeff"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def terminal_row(staff, hub, name: str) -> dict:
    rows = [r for r in report_csv(staff, hub, "terminals") if r["name"] == name]
    return rows[0] if rows else {"rated_good": "0", "rated_ok": "0", "rated_bad": "0"}


def deliver(ui, client, call_id: int) -> None:
    """Wait for the writer thread to queue the rating, then deliver the outbox to the hub."""
    outbox = ui.app.services.outbox
    until = time.monotonic() + 10
    while not [i for i in queued(ui, ("call_rated",)) if i.payload["props"]["call_id"] == call_id]:
        assert time.monotonic() < until, "the rating never reached the outbox"
        time.sleep(0.05)
    delivery = OutboxDelivery(outbox, client, rng=lambda: 0.0)
    for _round in range(5):
        report = delivery.deliver_once()
        assert not report.hub_unavailable, report.errors
        if not queued(ui):
            break
    assert not queued(ui), "ratings still waiting in the outbox"


def summary(staff, hub) -> dict:
    return {row["measure"]: row["value"] for row in report_csv(staff, hub, "summary")}


def ratings_counted(avg_rating: str) -> int:
    """``"4.0 (3)"`` → 3; ``"—"`` (none yet) → 0."""
    match = re.search(r"\((\d+)\)", avg_rating)
    return int(match.group(1)) if match else 0


def page_faces(staff, hub, name: str) -> list[str]:
    """满意 / 一般 / 不满意 of the terminal's row on the report page, as shown."""
    page = staff.get(f"{hub.base_url}/admin/reports", timeout=20)
    assert page.status_code == 200
    table = page.text.split('data-test="per_terminal"')[1].split("</table>")[0]
    (row,) = [r for r in table.split("<tr>") if f"<td>{name}</td>" in r]
    return re.findall(r'<td class="num">([^<]*)</td>', row)[-3:]


def test_a_face_tapped_after_a_call_is_counted_in_the_hubs_report(ui, live, hub):
    staff = staff_session(hub, "viewer")
    name = ui.app.services.config.terminal.name
    before, before_summary = terminal_row(staff, hub, name), summary(staff, hub)
    rating = call_then_rating_screen(ui, hub)
    call_id = rating.call_id
    ui.tap(rating.ids.faces.ids.bad)
    assert ui.current == "home"
    assert [e["props"] for e in ui.events("call_rated")] == [{"call_id": call_id, "rating": 1}]
    assert [e["props"] for e in ui.events("service.rated")] == [{"service": "call", "face": "bad"}]
    deliver(ui, live, call_id)
    after = terminal_row(staff, hub, name)
    assert int(after["rated_bad"]) == int(before["rated_bad"]) + 1
    assert (after["rated_good"], after["rated_ok"]) == (before["rated_good"], before["rated_ok"])
    assert int(after["now_calls"]) >= 1
    assert page_faces(staff, hub, name) == [
        after[k] for k in ("rated_good", "rated_ok", "rated_bad")
    ]
    # the call's own 1–5 rating, joined to the hub's call, is in the average rating too
    after_summary = summary(staff, hub)
    assert ratings_counted(after_summary["avg_rating"]) == (
        ratings_counted(before_summary["avg_rating"]) + 1
    )
