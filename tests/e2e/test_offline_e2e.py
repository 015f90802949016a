"""The hub goes away: the terminal keeps serving residents, keeps what it must report, and
delivers it exactly once when the hub returns — across a ``kill -9`` of the kiosk."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.support.e2e_steps import (
    ROOT,
    enroll,
    hub_rows,
    kiosk_cli,
    kiosk_env,
    start_hub,
    stop_hub,
    sync,
    sync_here,
)

pytestmark = pytest.mark.e2e
EVENTS = 10_000

MAKE_EVENTS = """
import sys, time
from pathlib import Path
from kiosk.config import load_config
from kiosk.hublink.link import build_hub_link
from kiosk.store import ContentStore
from kiosk.outbox.telemetry import Telemetry
config = load_config()
store = ContentStore.open(config.data_dir)
link = build_hub_link(config, store=store)
telemetry = Telemetry(link.sink)
for i in range(int(sys.argv[1])):
    telemetry.record("qr.show", kind="e2e", n=i, results=i % 7)
link.sink.flush()
report = link.loop.run_once()["delivery"]   # the hub is down: nothing goes, nothing is lost
print(json.dumps({"pending": link.outbox.size(), "hub_unavailable": report.hub_unavailable}), flush=True)
time.sleep(3600)                            # killed here with SIGKILL
""".replace("import sys, time", "import json, sys, time")


def test_hub_stopped_guides_search_nearby_still_work(hub, tmp_path):
    data = tmp_path / "kiosk"
    enroll(hub, data, cli=False)
    sync_here(data, hub.base_url)
    stop_hub(hub)
    try:
        assert sync(data, check=False)["status"] == "unavailable"
        found = json.loads(kiosk_cli(data, "search", "工资", "--json").stdout)
        assert found["results"], "search must work offline"
        places = json.loads(kiosk_cli(data, "nearby", "--json", "--radius-m", "50000").stdout)
        assert places["results"], "nearby must work offline"
        from kiosk.store import ContentStore

        store = ContentStore.open(data)
        try:
            category = store.categories_with_counts()[0]
            article = store.articles_in_category(category["id"])[0]
            assert store.article(article["id"])["body"]
        finally:
            store.close()
    finally:
        start_hub(hub)


@pytest.mark.slow
def test_ten_thousand_events_made_offline_arrive_exactly_once(hub, tmp_path):
    data = tmp_path / "kiosk"
    enroll(hub, data, cli=False)
    sync_here(data, hub.base_url)
    terminal_id = json.loads((data / "enrollment.json").read_text())["terminal_id"]
    stop_hub(hub)
    try:
        maker = subprocess.Popen(
            [sys.executable, "-c", MAKE_EVENTS, str(EVENTS)],
            cwd=ROOT,
            env=kiosk_env(data),
            stdout=subprocess.PIPE,
            text=True,
        )
        line = maker.stdout.readline()
        assert json.loads(line) == {
            "pending": EVENTS + 1,
            "hub_unavailable": True,
        }  # + one heartbeat
        maker.send_signal(signal.SIGKILL)  # the kiosk dies with everything still queued
        maker.wait(10)
    finally:
        url = start_hub(hub)

    # The kiosk restarts and its loop starts delivering; it is killed again mid-delivery.
    loop = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sync", "--loop"],
        cwd=ROOT,
        env=kiosk_env(data, LEGAL_KIOSK_HUB_URL=url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _hub_count(hub, terminal_id) == 0:
        time.sleep(0.05)
    os.kill(loop.pid, signal.SIGKILL)
    loop.wait(10)
    mid = _hub_count(hub, terminal_id)

    deadline = time.monotonic() + 90
    status = sync(data, url, check=False)
    while status["queue"]["pending"] and time.monotonic() < deadline:
        time.sleep(0.5)  # items wait out their (jittered, few-second) backoff
        status = sync(data, url, check=False)
    assert status["queue"] == {"pending": 0, "set_aside": 0, "dropped_uncounted": 0}
    assert _hub_count(hub, terminal_id) == EVENTS
    print(f"\n{mid} of {EVENTS} events had arrived when the delivering kiosk was killed")


def _hub_count(hub, terminal_id):
    return hub_rows(
        hub,
        "SELECT count(*) FROM events WHERE terminal_id = ? AND type = 'qr.show' "
        "AND json_extract(props, '$.kind') = 'e2e'",
        (terminal_id,),
    )[0][0]


def test_an_event_the_real_hub_refuses_is_set_aside_and_the_rest_arrive(hub, tmp_path):
    from kiosk.outbox import SET_ASIDE, Outbox

    data = tmp_path / "kiosk"
    enroll(hub, data, cli=False)
    terminal_id = json.loads((data / "enrollment.json").read_text())["terminal_id"]
    box = Outbox.open(data)
    good = [box.event("call.rating_skipped", {"n": i}) for i in range(5)]
    bad = box.event("Not A Valid Type", {"n": -1})
    box.close()
    status = sync_here(data, hub.base_url)
    assert status["queue"] == {"pending": 0, "set_aside": 1, "dropped_uncounted": 0}
    [aside] = Outbox.open(data).items(state=SET_ASIDE)
    assert aside.id == bad and aside.last_error.startswith("422: ")
    arrived = hub_rows(
        hub,
        "SELECT event_id FROM events WHERE terminal_id = ? AND type = 'call.rating_skipped' "
        "AND json_extract(props, '$.n') IS NOT NULL",
        (terminal_id,),
    )
    assert sorted(row[0] for row in arrived) == sorted(good)
