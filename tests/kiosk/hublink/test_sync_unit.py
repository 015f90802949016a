"""Syncer against a scripted HTTP server: answers a real hub rarely gives (tampering, truncation,
oversize, bad media). A small in-memory store double stands in for ContentStore here; the
feature tests (tests/e2e/test_sync_e2e.py) use the real store and a real hub process."""

import time

import requests

from kiosk.errors import ContentRejected
from kiosk.hublink.client import HubClient
from kiosk.hublink.sync import REJECTED, UNAVAILABLE, UNCHANGED, UPDATED, Syncer, SyncState
from kiosk.outbox import Outbox
from tests.support.fake_http import FakeHttp, Reply
from tests.support.signed_content import (
    CATEGORY,
    KEY,
    PNG,
    PNG_SHA,
    PUBLIC,
    StoreDouble,
    content,
    fresh_headers,
    signed_reply,
)


def make(tmp_path, url, **kwargs):
    store = StoreDouble()
    outbox = Outbox.open(tmp_path)
    client = HubClient(
        url,
        session=requests.Session(),
        token="tok",
        timeout_s=5,
        max_body_bytes=kwargs.pop("max_body_bytes", 1_000_000),
    )
    changed = []
    syncer = Syncer(
        store=store,
        client=client,
        public_key=PUBLIC,
        data_dir=tmp_path,
        outbox=outbox,
        on_content_changed=changed.append,
        **kwargs,
    )
    return syncer, store, outbox, changed


def rejection_reasons(outbox):
    return [
        i.payload["props"]["reason"]
        for i in outbox.items()
        if i.payload.get("type") == "sync_rejected"
    ]


def test_update_then_304_with_the_etag(tmp_path):
    def hub(method, path, query, body, headers):
        if headers.get("If-None-Match") == '"v3"':
            return Reply(304, b"", {"ETag": '"v3"', **fresh_headers(3)})
        return signed_reply(content(3), etag='"v3"')

    with FakeHttp(hub) as fake:
        syncer, store, outbox, changed = make(tmp_path, fake.url)
        assert syncer.sync_once().status == UPDATED
        assert syncer.sync_once().status == UNCHANGED
        assert [r["query"] for r in fake.requests] == ["since=0", "since=3"]
    assert store.applied[0][1] == 3 and store.applied[0][0]["categories"]["upsert"] == [CATEGORY]
    assert changed == [3]
    state = SyncState.load(tmp_path / "sync_state.json")
    assert (state.highest_version, state.etag, state.etag_version) == (3, '"v3"', 3)
    assert not syncer.stale()


def check_rejected(tmp_path, reply, reason, **kwargs):
    with FakeHttp(lambda *a: reply) as fake:
        syncer, store, outbox, changed = make(tmp_path, fake.url, **kwargs)
        result = syncer.sync_once()
    assert (result.status, result.reason) == (REJECTED, reason)
    assert store.applied == [] and changed == [] and store.version == 0
    assert rejection_reasons(outbox) == [reason]
    assert SyncState.load(tmp_path / "sync_state.json").last_error.startswith(reason)


def test_tampered_body_is_rejected(tmp_path):
    check_rejected(tmp_path, signed_reply(content(3), tamper=True), "bad_signature")


def test_unsigned_answer_is_rejected(tmp_path):
    reply = signed_reply(content(3))
    del reply.headers["X-Signature"]
    check_rejected(tmp_path, reply, "unsigned")


def test_truncated_answer_is_rejected(tmp_path):
    check_rejected(tmp_path, signed_reply(content(3), cut_to=30), "truncated")


def test_oversize_answer_is_rejected(tmp_path):
    check_rejected(tmp_path, signed_reply(content(3)), "oversize", max_body_bytes=50)


def test_media_with_a_wrong_hash_is_rejected_and_nothing_applied(tmp_path):
    record = {"id": PNG_SHA, "mime": "image/png", "size": len(PNG), "name": "x.png"}

    def hub(method, path, query, body, headers):
        if path.startswith("/api/v1/media/"):
            return Reply(200, PNG[:-1] + b"1", {"Content-Type": "image/png"})
        return signed_reply(content(3, media=[record]))

    with FakeHttp(hub) as fake:
        syncer, store, outbox, _ = make(tmp_path, fake.url)
        result = syncer.sync_once()
    assert (result.status, result.reason) == (REJECTED, "media_hash")
    assert store.applied == [] and store.media == {}


def test_media_is_fetched_by_hash_before_the_apply(tmp_path):
    record = {"id": PNG_SHA, "mime": "image/png", "size": len(PNG), "name": "x.png"}

    def hub(method, path, query, body, headers):
        if path == f"/api/v1/media/{PNG_SHA}":
            return Reply(200, PNG, {"Content-Type": "image/png"})
        return signed_reply(content(3, media=[record]))

    with FakeHttp(hub) as fake:
        syncer, store, _, _ = make(tmp_path, fake.url)
        assert syncer.sync_once().status == UPDATED
    assert store.media == {PNG_SHA: PNG} and store.version == 3


def test_store_refusal_is_a_rejection(tmp_path):
    with FakeHttp(lambda *a: signed_reply(content(3))) as fake:
        syncer, store, outbox, _ = make(tmp_path, fake.url)

        def refuse(changes, *, version):
            raise ContentRejected("articles: category missing")

        store.apply = refuse
        result = syncer.sync_once()
    assert (result.status, result.reason) == (REJECTED, "store_refused")


def test_hub_down_is_unavailable_not_a_rejection(tmp_path):
    syncer, store, outbox, _ = make(tmp_path, "http://127.0.0.1:1")
    assert syncer.sync_once().status == UNAVAILABLE
    assert rejection_reasons(outbox) == [] and store.applied == []


def test_stale_after_max_age_without_confirmation(tmp_path):
    now = [time.time()]  # the hub's statement is checked against this clock
    with FakeHttp(lambda *a: signed_reply(content(3))) as fake:
        syncer, *_ = make(tmp_path, fake.url, max_age_days=2, clock=lambda: now[0])
        assert syncer.stale()  # never confirmed
        syncer.sync_once()
    assert not syncer.stale()
    now[0] += 2 * 86400 + 1
    assert syncer.stale() and syncer.status()["stale"]


def test_a_forged_304_confirms_nothing_and_the_kiosk_goes_stale(tmp_path):
    """TUF's freeze attack: whoever sits between kiosk and hub answers 304 forever."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    start = time.time()
    first = fresh_headers(3, issued_at=start - 60)
    answers = [signed_reply(content(3), etag='"v3"')]

    def hub(method, path, query, body, headers):
        return answers[0] if len(answers) == 1 else answers.pop(0)

    now = [start]
    with FakeHttp(hub) as fake:
        syncer, store, outbox, _ = make(
            tmp_path, fake.url, max_age_days=1 / 24, clock=lambda: now[0]
        )
        assert syncer.sync_once().status == UPDATED and not syncer.stale()
        other_key = Ed25519PrivateKey.generate()
        forged = [
            ({}, "timestamp_missing"),
            (fresh_headers(3, key=other_key), "timestamp_invalid"),
            (fresh_headers(4), "timestamp_version"),
            (fresh_headers(3, issued_at=start - 90_000), "timestamp_expired"),
            (first, "timestamp_replayed"),  # older than the statement already accepted
        ]
        for extra, reason in forged:
            answers[:] = [Reply(304, b"", {"ETag": '"v3"', **extra})]
            now[0] += 1000
            result = syncer.sync_once()
            assert (result.status, result.reason) == (REJECTED, reason)
        assert now[0] - start > 3600 and syncer.stale() and syncer.status()["stale"]
        answers[:] = [Reply(304, b"", {"ETag": '"v3"', **fresh_headers(3)})]
        assert syncer.sync_once().status == UNCHANGED and not syncer.stale()
    assert rejection_reasons(outbox) == [reason for _extra, reason in forged]
    assert KEY is not other_key
