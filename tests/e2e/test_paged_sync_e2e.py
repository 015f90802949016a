"""A first sync larger than one page, against a real hub process serving small pages.

The hub runs with ``HUB_CONTENT_PAGE_BYTES=30000``, so the demo content (about 210 KB) comes
as several signed pages. The kiosk side is the real sync code: a separate process
(tests/support/paged_sync_driver.py) for the kill test, a real SIGKILL, real SQLite files.
"""

import json
import signal
import sqlite3
import subprocess
import sys

import pytest

from tests.support.e2e_steps import (
    ROOT,
    edit_guide,
    enroll,
    fingerprint,
    integrity,
    kiosk_env,
    sync_here,
)
from tests.support.fake_http import Reply
from tests.support.hub_process import hub_process
from tests.support.tamper_proxy import TamperProxy

pytestmark = pytest.mark.e2e
PAGE_BYTES = 30_000


@pytest.fixture(scope="module")
def paged_hub(tmp_path_factory):
    with hub_process(
        tmp_path_factory.mktemp("paged-hub"), env={"HUB_CONTENT_PAGE_BYTES": str(PAGE_BYTES)}
    ) as running:
        yield running


def driver(data, hub_url, *extra):
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.paged_sync_driver", str(data), *extra],
        cwd=ROOT,
        env=kiosk_env(data, LEGAL_KIOSK_HUB_URL=hub_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process) -> tuple[list[dict], dict]:
    out, err = process.communicate(timeout=300)
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines and "status" in lines[-1], err[-3000:]
    return lines[:-1], lines[-1]


def staged(data) -> int:
    with sqlite3.connect(data / "content.db") as db:
        return db.execute("SELECT count(*) FROM sync_pages").fetchone()[0]


def unpaged_sync(data, hub_url, **environ: str) -> dict:
    """The sync of a terminal that does not ask for pages (an older kiosk): the whole answer."""
    from kiosk.config import load_config
    from kiosk.hublink.link import build_hub_link
    from kiosk.store import ContentStore

    config = load_config(data_dir=data, environ={"LEGAL_KIOSK_HUB_URL": hub_url, **environ})
    store = ContentStore.open(data)
    store.staging = None  # the Syncer then asks for one whole answer, as before pages existed
    link = build_hub_link(config, store=store, background_sink=False)
    try:
        result = link.syncer.sync_once()
        return {"status": result.status, "version": result.version, "reason": result.reason}
    finally:
        link.close()
        store.close()


@pytest.fixture(scope="module")
def reference(paged_hub, tmp_path_factory):
    """What a whole, unpaged first sync of the same hub gives: the fingerprint to reach."""
    data = tmp_path_factory.mktemp("reference") / "kiosk"
    enroll(paged_hub, data, cli=False)
    assert unpaged_sync(data, paged_hub.base_url)["status"] == "updated"
    return fingerprint(data)


def test_a_first_sync_of_many_pages_arrives_complete(paged_hub, reference, tmp_path):
    data = tmp_path / "kiosk"
    enroll(paged_hub, data, cli=False)
    requests_, result = finished(driver(data, paged_hub.base_url))
    assert result["status"] == "updated", result
    assert result["requests"] == len(requests_) >= 5  # several pages, one request each
    assert [r["params"].get("after") is None for r in requests_] == [True] + [False] * (
        len(requests_) - 1
    )
    assert fingerprint(data) == reference and integrity(data) == "ok"
    assert staged(data) == 0


def test_a_kill_between_pages_resumes_from_the_cursor(paged_hub, reference, tmp_path):
    data = tmp_path / "kiosk"
    enroll(paged_hub, data, cli=False)
    process = driver(data, paged_hub.base_url, "--stop-before", "3")
    for line in process.stdout:
        if json.loads(line).get("waiting") == 3:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL
    # two pages kept, nothing shown: the content tables are still empty
    assert staged(data) == 2 and integrity(data) == "ok"
    assert fingerprint(data)[0] == 0
    with sqlite3.connect(data / "content.db") as db:
        assert db.execute("SELECT count(*) FROM institutions").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)

    requests_, result = finished(driver(data, paged_hub.base_url))
    assert result["status"] == "updated", result
    uninterrupted = tmp_path / "whole"
    enroll(paged_hub, uninterrupted, cli=False)
    whole_requests, _ = finished(driver(uninterrupted, paged_hub.base_url))
    assert len(requests_) == len(whole_requests) - 2  # resumed after page 2, not from zero
    assert requests_[0]["params"]["after"] and requests_[0]["params"]["version"]
    assert fingerprint(data) == fingerprint(uninterrupted) == reference
    assert staged(data) == 0


def test_a_tampered_page_is_refused_and_nothing_of_it_is_shown(paged_hub, reference, tmp_path):
    data = tmp_path / "kiosk"
    enroll(paged_hub, data, cli=False)
    seen = []

    def flip_third_page(path, reply):
        if path != "/api/v1/content" or reply.status != 200:
            return reply
        seen.append(path)
        if len(seen) != 3:
            return reply
        body = bytearray(reply.body)
        body[len(body) // 2] ^= 0x01
        return Reply(reply.status, bytes(body), reply.headers)

    with TamperProxy(paged_hub.base_url, flip_third_page) as proxy:
        result = sync_here(data, proxy.url)
    assert (result["status"], result["reason"]) == ("rejected", "bad_signature"), result
    assert staged(data) == 2  # the two good pages are kept, the bad one is not
    assert fingerprint(data)[0] == 0 and integrity(data) == "ok"
    with sqlite3.connect(data / "content.db") as db:
        assert db.execute("SELECT count(*) FROM institutions").fetchone() == (0,)

    after = sync_here(data, paged_hub.base_url)
    assert after["status"] == "updated"
    assert fingerprint(data) == reference and staged(data) == 0


def test_a_publish_between_pages_finishes_the_pinned_version_then_catches_up(paged_hub, tmp_path):
    data = tmp_path / "kiosk"
    enroll(paged_hub, data, cli=False)
    process = driver(data, paged_hub.base_url, "--stop-before", "2")
    for line in process.stdout:
        if json.loads(line).get("waiting") == 2:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert staged(data) == 1
    with sqlite3.connect(paged_hub.data_dir / "hub.db") as db:
        pinned = db.execute("SELECT max(version) FROM content_versions").fetchone()[0]
        article_id = db.execute(
            "SELECT id FROM articles WHERE status = 'published' ORDER BY id DESC LIMIT 1"
        ).fetchone()[0]
    newer = edit_guide(paged_hub, article_id, title="分页同步期间修订的指南（示例）")
    assert newer == pinned + 1

    _, result = finished(driver(data, paged_hub.base_url))
    assert (result["status"], result["version"]) == ("updated", pinned)  # the pinned set, whole
    _, caught_up = finished(driver(data, paged_hub.base_url))
    assert (caught_up["status"], caught_up["version"]) == ("updated", newer)
    fresh = tmp_path / "fresh"
    enroll(paged_hub, fresh, cli=False)
    finished(driver(fresh, paged_hub.base_url))
    assert fingerprint(data) == fingerprint(fresh)
    with sqlite3.connect(data / "content.db") as db:
        assert db.execute("SELECT title FROM articles WHERE id = ?", (article_id,)).fetchone() == (
            "分页同步期间修订的指南（示例）",
        )


def test_a_first_sync_larger_than_the_terminal_takes_in_one_answer_still_arrives(
    paged_hub, tmp_path
):
    """The lockout of the review (finding 4), scaled down: the whole change set (about 210 KB)
    is over this terminal's answer limit, so one whole answer is refused as oversize — for
    ever, before pages — while the same first sync in pages (30 KB each) arrives complete."""
    limit = "100000"
    whole = tmp_path / "whole"
    enroll(paged_hub, whole, cli=False)
    refused = unpaged_sync(whole, paged_hub.base_url, LEGAL_KIOSK_HUB_MAX_BODY_BYTES=limit)
    assert (refused["status"], refused["reason"]) == ("rejected", "oversize")
    assert unpaged_sync(whole, paged_hub.base_url)["status"] == "updated"  # without the limit

    paged = tmp_path / "paged"
    enroll(paged_hub, paged, cli=False)
    result = sync_here(paged, paged_hub.base_url, max_body_bytes=limit)
    assert result["status"] == "updated", result
    assert fingerprint(paged) == fingerprint(whole) and integrity(paged) == "ok"
