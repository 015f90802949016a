"""The background loop: jittered interval, heartbeats queued, online flag, start/kick/stop."""

import threading

import requests

from contract.key_link import key_id
from kiosk.hublink.client import HubClient
from kiosk.hublink.loop import SyncLoop
from kiosk.hublink.sync import Syncer
from kiosk.outbox import HEARTBEAT, Outbox
from kiosk.outbox.delivery import OutboxDelivery
from tests.support.fake_http import FakeHttp, Reply
from tests.support.signed_content import PUBLIC, StoreDouble, content, signed_reply


def hub_answers(method, path, query, body, headers):
    if path == "/api/v1/content":
        return signed_reply(content(2))
    if path == "/api/v1/heartbeat":
        return Reply(200, {"server_time": "2027-01-15T16:00:00+08:00"})
    return Reply(200, {"accepted": [e["id"] for e in body["events"]], "duplicates": []})


def make_loop(tmp_path, url, **kwargs):
    outbox = Outbox.open(tmp_path)
    client = HubClient(url, session=requests.Session(), token="t", timeout_s=2)
    syncer = Syncer(
        store=StoreDouble(), client=client, public_key=PUBLIC, data_dir=tmp_path, outbox=outbox
    )
    return SyncLoop(
        syncer=syncer,
        delivery=OutboxDelivery(outbox, client),
        outbox=outbox,
        app_version="1.2",
        **kwargs,
    ), outbox


def test_jitter_spreads_the_interval_by_half_either_way(tmp_path):
    loop, _ = make_loop(tmp_path, "http://127.0.0.1:1", interval_s=100)
    loop.rng = lambda: 0.0
    assert loop.next_interval_s() == 50
    loop.rng = lambda: 1.0
    assert loop.next_interval_s() == 150


def test_offline_round_queues_the_heartbeat_and_reports_offline(tmp_path):
    changes = []
    loop, outbox = make_loop(tmp_path, "http://127.0.0.1:1", on_online_changed=changes.append)
    loop.online = True
    round_ = loop.run_once()
    assert round_["sync"].status == "unavailable" and changes == [False]
    [beat] = [i for i in outbox.items() if i.kind == HEARTBEAT]
    # the heartbeat names the pinned hub key (key rotation), never the key itself
    assert beat.payload == {
        "version": "1.2",
        "content_version": 0,
        "queue": 0,
        "stale": True,  # never confirmed by a fresh signed statement
        "key_id": key_id(PUBLIC),
    }


def test_online_round_syncs_and_delivers_the_heartbeat(tmp_path):
    with FakeHttp(hub_answers) as hub:
        loop, outbox = make_loop(tmp_path, hub.url, doctor=lambda: {"ok": True})
        round_ = loop.run_once()
        assert round_["sync"].status == "updated" and loop.online
        [beat] = [r["json"] for r in hub.requests if r["path"] == "/api/v1/heartbeat"]
    assert beat == {
        "version": "1.2",
        "content_version": 2,
        "queue": 0,
        "doctor": {"ok": True},
        "stale": False,
        "key_id": key_id(PUBLIC),
    }
    assert outbox.size() == 0


def test_thread_starts_runs_and_stops(tmp_path):
    with FakeHttp(hub_answers) as hub:
        synced = threading.Event()
        loop, _ = make_loop(tmp_path, hub.url, interval_s=3600)
        loop.syncer.on_content_changed = lambda version: synced.set()
        loop.start()
        assert synced.wait(10)
        loop.kick(sync=True)
        loop.stop()
        assert loop._thread is None
        assert hub.hits("/api/v1/content") >= 1


def test_sync_now_heartbeats_even_when_no_heartbeat_is_due(tmp_path):
    """So an assignment made in the admin reaches the terminal with the technician's "sync now"."""
    with FakeHttp(hub_answers) as hub:
        loop, _ = make_loop(tmp_path, hub.url, heartbeat_interval_s=3600)
        loop.run_once(force_sync=False)
        loop.run_once(force_sync=False)  # the next heartbeat is an hour away
        assert hub.hits("/api/v1/heartbeat") == 1
        loop.run_once(force_sync=True)  # legal-kiosk sync
        assert hub.hits("/api/v1/heartbeat") == 2
        loop.kick(sync=True)  # the maintenance screen's "sync now"
        loop.run_once(force_sync=False)
        assert hub.hits("/api/v1/heartbeat") == 3


def test_the_heartbeat_answer_is_handed_on(tmp_path):
    def answers(method, path, query, body, headers):
        if path == "/api/v1/heartbeat":
            return Reply(200, {"server_time": "2027-01-15T16:00:00+08:00", "adviser_id": "a-1"})
        return hub_answers(method, path, query, body, headers)

    seen = []
    with FakeHttp(answers) as hub:
        loop, _ = make_loop(tmp_path, hub.url)
        loop.delivery.on_heartbeat_answer = seen.append
        loop.run_once()
    assert seen == [{"server_time": "2027-01-15T16:00:00+08:00", "adviser_id": "a-1"}]
