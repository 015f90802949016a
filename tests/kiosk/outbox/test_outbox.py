"""The outbox: durability, bounded aggregation, poison items, Retry-After, backoff, scrubbing."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from kiosk.hublink.client import HubClient
from kiosk.outbox import CALLBACK, EVENT, HEARTBEAT, PRIORITY_LOW, SET_ASIDE, Outbox
from kiosk.outbox.delivery import OutboxDelivery
from tests.support.fake_http import FakeHttp, Reply

ROOT = Path(__file__).resolve().parents[3]
T0 = 1_800_000_000.0


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def accept_all(method, path, query, body, headers):
    if path == "/api/v1/events":
        return Reply(200, {"accepted": [e["id"] for e in body["events"]], "duplicates": []})
    if path in ("/api/v1/heartbeat", "/api/v1/callbacks"):
        return Reply(
            200, {"server_time": "2027-01-15T08:00:00+00:00", "id": (body or {}).get("id")}
        )
    return Reply(404, {"detail": "not found"})


def delivery(outbox, url, **kwargs):
    client = HubClient(url, session=requests.Session(), token="t", timeout_s=5)
    return OutboxDelivery(outbox, client, rng=kwargs.pop("rng", lambda: 0.5), **kwargs)


def test_pragmas_and_items_survive_reopen(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    first = box.event("session_start", {"lang": "zh_CN"})
    box.close()
    box = Outbox.open(tmp_path, clock=Clock())
    assert box._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert box._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    [item] = box.items()
    assert (item.id, item.kind, item.attempts, item.state) == (first, EVENT, 0, "pending")
    assert item.payload == {
        "type": "session_start",
        "at": "2027-01-15T08:00:00+00:00",
        "props": {"lang": "zh_CN"},
    }


def test_delivery_drains_in_batches_and_deletes_only_confirmed(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    ids = [box.event("search", {"results": i}) for i in range(250)]
    with FakeHttp(accept_all) as hub:
        report = delivery(box, hub.url, batch_size=100).deliver_once()
        sent = [e["id"] for r in hub.requests for e in r["json"]["events"]]
    assert report.delivered == 250 and box.size() == 0
    assert [len(r["json"]["events"]) for r in hub.requests] == [100, 100, 50]
    assert sorted(sent) == sorted(ids)
    assert hub.requests[0]["headers"]["Authorization"] == "Bearer t"


def test_poison_item_is_set_aside_with_its_reason_and_the_rest_drains(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    good = [box.event("guide_view", {"article_id": f"a{i}"}) for i in range(7)]
    bad = box.event("bad_event", {"x": 1})

    def refuse_bad(method, path, query, body, headers):
        if path == "/api/v1/events" and any(e["type"] == "bad_event" for e in body["events"]):
            return Reply(422, {"detail": "events[0].type: unknown event type"})
        return accept_all(method, path, query, body, headers)

    with FakeHttp(refuse_bad) as hub:
        report = delivery(box, hub.url).deliver_once()
        accepted = {e["id"] for r in hub.requests if r["json"] for e in r["json"]["events"]} - {bad}
    assert report.set_aside == 1 and report.delivered == 7
    assert accepted == set(good)
    [aside] = box.items(state=SET_ASIDE)
    assert aside.id == bad
    assert aside.last_error == "422: events[0].type: unknown event type"
    assert box.size() == 0


def test_retry_after_is_honoured_with_a_frozen_clock(tmp_path):
    clock = Clock()
    box = Outbox.open(tmp_path, clock=clock)
    box.event("session_start")
    state = {"busy": True}

    def busy_then_ok(method, path, query, body, headers):
        if state["busy"]:
            return Reply(429, {"detail": "slow down"}, {"Retry-After": "120"})
        return accept_all(method, path, query, body, headers)

    with FakeHttp(busy_then_ok) as hub:
        sender = delivery(box, hub.url, rng=lambda: 0.0)  # jitter alone would retry at once
        report = sender.deliver_once()
        assert report.hub_unavailable and report.failed == 1
        [item] = box.items()
        assert item.attempts == 1 and item.next_attempt_at == T0 + 120
        assert "429" in item.last_error
        state["busy"] = False
        clock.now = T0 + 119
        sender.deliver_once()
        assert hub.hits("/api/v1/events") == 1  # not due yet: the hub was not asked again
        clock.now = T0 + 120
        assert sender.deliver_once().delivered == 1
    assert box.size() == 0


def test_full_jitter_backoff_grows_and_is_capped(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    sender = OutboxDelivery(
        box,
        HubClient("http://127.0.0.1:9", session=requests.Session()),
        rng=lambda: 1.0,
        base_delay_s=2,
        max_delay_s=60,
    )
    assert [sender.backoff_s(n) for n in range(7)] == [2, 4, 8, 16, 32, 60, 60]
    assert sender.backoff_s(0, retry_after_s=30) == 30
    sender.rng = lambda: 0.25
    assert sender.backoff_s(3) == 4.0


def test_hub_down_backs_off_and_keeps_everything(tmp_path):
    clock = Clock()
    box = Outbox.open(tmp_path, clock=clock)
    for i in range(5):
        box.event("search", {"results": i})
    sender = delivery(box, "http://127.0.0.1:1", rng=lambda: 1.0)  # nothing listens on port 1
    report = sender.deliver_once()
    assert report.hub_unavailable and box.size() == 5
    assert {item.next_attempt_at for item in box.items()} == {T0 + 2.0}
    assert box.next_due_at() == T0 + 2.0


def test_full_queue_aggregates_low_priority_events_first(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock(), max_items=100)
    keep = box.event("booking_made", {"adviser_id": "adv1"})
    for i in range(99):
        box.event(
            "screen_view", {"screen": ["home", "guides", "search"][i % 3]}, priority=PRIORITY_LOW
        )
    box.event("screen_view", {"screen": "home"}, priority=PRIORITY_LOW)
    items = box.items()
    views = sorted(
        (i.payload["props"]["screen"], i.payload["props"].get("count", 1))
        for i in items
        if i.payload["type"] == "screen_view"
    )
    assert views == [("guides", 33), ("home", 1), ("home", 33), ("search", 33)]
    assert len(items) == 5 and keep in {i.id for i in items}
    folded = next(i for i in items if i.payload["props"].get("count") == 33)
    assert (
        folded.payload["at"] == "2027-01-15T08:00:00+00:00" and "until" in folded.payload["props"]
    )
    assert box.stats()["dropped_uncounted"] == 0


def test_full_queue_of_distinct_events_drops_oldest_and_reports_the_count(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock(), max_items=20)
    for i in range(21):
        box.event("search", {"query_len": i, "results": i})
    box.enqueue(CALLBACK, {"name": "x", "phone": "y"})
    assert box.stats()["dropped_uncounted"] == 2  # room for a tenth of the bound was made
    assert box.size() == 20  # 19 events + the callback, which is outside the bound
    kept = sorted(i.payload["props"]["results"] for i in box.items() if i.kind == EVENT)
    assert kept == list(range(2, 21))
    dropped_id = box.flush_dropped()
    dropped = next(i for i in box.items() if i.id == dropped_id)
    assert dropped.payload["type"] == "outbox_dropped"
    assert dropped.payload["props"] == {"count": 2, "types": {"search": 2}}
    assert box.stats()["dropped_uncounted"] == 0


def test_only_the_newest_heartbeat_is_kept(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    box.enqueue(HEARTBEAT, {"version": "1", "content_version": 1, "queue": 0})
    newest = box.enqueue(HEARTBEAT, {"version": "1", "content_version": 2, "queue": 0})
    assert [i.id for i in box.items()] == [newest]


def file_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_confirmed_callback_leaves_no_trace_in_db_or_wal(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    name, phone = "张示例", "13900001234"
    for i in range(30):
        box.event("screen_view", {"screen": "home", "n": i})
    box.enqueue(
        CALLBACK,
        {"name": name, "phone": phone, "adviser_id": "adv1", "at": "2027-01-15T08:00:00+00:00"},
    )
    assert phone.encode() in file_bytes(tmp_path)
    with FakeHttp(accept_all) as hub:
        delivery(box, hub.url).deliver_once()
        [callback] = [r["json"] for r in hub.requests if r["path"] == "/api/v1/callbacks"]
    assert callback["phone"] == phone and callback["name"] == name
    data = file_bytes(tmp_path)
    assert phone.encode() not in data and name.encode() not in data
    assert (
        sqlite3.connect(tmp_path / "outbox.db").execute("PRAGMA integrity_check").fetchone()[0]
        == "ok"
    )


def test_refused_callback_is_set_aside_without_name_or_phone(tmp_path):
    box = Outbox.open(tmp_path, clock=Clock())
    box.enqueue(CALLBACK, {"name": "李示例", "phone": "13900004321"})
    with FakeHttp(lambda *a: Reply(422, {"detail": "phone: not a phone number"})) as hub:
        report = delivery(box, hub.url).deliver_once()
    assert report.set_aside == 1
    [aside] = box.items(state=SET_ASIDE)
    assert aside.payload == {} and aside.last_error == "422: phone: not a phone number"
    assert b"13900004321" not in file_bytes(tmp_path)


ENQUEUE_FOREVER = """
import sys
from pathlib import Path
from kiosk.outbox import Outbox
box = Outbox.open(Path(sys.argv[1]))
i = 0
while True:
    item = box.event("search", {"results": i})
    sys.stdout.write(item + "\\n")
    sys.stdout.flush()
    i += 1
"""


@pytest.mark.slow
def test_kill_9_during_enqueue_loses_nothing_committed(tmp_path):
    rng = random.Random(5)
    committed: list[str] = []
    for _ in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", ENQUEUE_FOREVER, str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        first = child.stdout.readline()  # wait until it is really writing
        time.sleep(rng.uniform(0.05, 0.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        committed += [first.strip()] + [line for line in out.splitlines() if len(line) == 36]
    box = Outbox.open(tmp_path)
    held = {item.id for item in box.items()}
    assert box._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(committed) <= held
    assert len(held) - len(committed) <= 8  # at most the one in flight per kill
    assert all(json.loads(json.dumps(i.payload))["type"] == "search" for i in box.items())


def test_an_unavailable_hub_is_not_asked_again_batch_after_batch(tmp_path):
    clock = Clock()
    box = Outbox.open(tmp_path, clock=clock)
    box.enqueue_many(
        [
            (
                EVENT,
                {"type": "search", "at": "2027-01-15T08:00:00+00:00", "props": {"n": i}},
                1,
                None,
            )
            for i in range(1000)
        ]
    )
    with FakeHttp(lambda *a: Reply(503, {"detail": "maintenance"}, {"Retry-After": "30"})) as hub:
        sender = delivery(box, hub.url, rng=lambda: 0.0)
        assert sender.deliver_once().hub_unavailable and hub.hits("/api/v1/events") == 1
        assert sender.deliver_once().hub_unavailable and hub.hits("/api/v1/events") == 1  # blocked
        clock.now = T0 + 30
        sender.deliver_once()
        assert hub.hits("/api/v1/events") == 2
        sender.unblock()
        sender.deliver_once()
        assert hub.hits("/api/v1/events") == 3
    assert box.size() == 1000
