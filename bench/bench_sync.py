"""Sync over loopback against a real hub process holding 20,000 guides and 50,000 places.

Rows:
- first full sync (fetch, verify, validate, apply) next to applying the same records straight
  into an empty store (no network, no signature): the cost sync adds on top of the store;
- incremental sync of one changed guide: bytes and seconds, next to the full sync;
- an idle poll (304 thanks to the ETag): bytes and seconds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ARTICLES = 20_000
INSTITUTIONS = 50_000
ROOT = Path(__file__).resolve().parent.parent

LOAD_SYNTHETIC = """
import sys
from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.crud.publish import publish
from hub.crud.records import load_content
from contract.demo.synthetic import synthetic_changes
changes = synthetic_changes(int(sys.argv[1]), int(sys.argv[2]))
settings = HubSettings.from_env()
engine = make_engine(settings)
with writing(engine) as conn:
    load_content(conn, {name: part["upsert"] for name, part in changes.items()})
    print(publish(conn, note="bench: synthetic content", zone=settings.zone))
"""


class CountingClient:
    """Wraps a HubClient's content call to count the body bytes each poll received."""

    def __init__(self, client) -> None:
        self.client = client
        self.bytes = 0

    def __getattr__(self, name):
        return getattr(self.client, name)

    def content(self, since, **options):
        answer = self.client.content(since, **options)
        self.bytes += len(answer.body)  # every page of a paged answer
        return answer


def timed_sync(syncer, counter) -> tuple[float, int, str]:
    counter.bytes = 0
    started = time.perf_counter()
    result = syncer.sync_once()
    return time.perf_counter() - started, counter.bytes, result.status


def direct_apply_s(folder: Path) -> float:
    from contract.demo.synthetic import synthetic_changes
    from kiosk.store import ContentStore

    changes = synthetic_changes(ARTICLES, INSTITUTIONS)
    store = ContentStore.open(folder)
    try:
        started = time.perf_counter()
        store.apply(changes, version=1)
        return time.perf_counter() - started
    finally:
        store.close()


def run() -> list[dict]:
    from kiosk.hublink.client import HubClient
    from kiosk.hublink.enrollment import enroll
    from kiosk.hublink.sync import Syncer
    from kiosk.store import ContentStore
    from tests.support.e2e_steps import edit_guide
    from tests.support.hub_process import hub_process

    with (
        tempfile.TemporaryDirectory(prefix="bench-sync-") as scratch,
        hub_process(Path(scratch)) as hub,
    ):
        loaded = subprocess.run(
            [sys.executable, "-c", LOAD_SYNTHETIC, str(ARTICLES), str(INSTITUTIONS)],
            cwd=ROOT,
            env=hub.env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        assert loaded.returncode == 0, loaded.stderr
        data = Path(scratch) / "kiosk"
        session = requests.Session()
        enrollment = enroll(
            HubClient(hub.base_url, session=session),
            data_dir=data,
            code=hub.new_code(hub.terminals[0]),
        )
        counter = CountingClient(
            HubClient(
                hub.base_url,
                session=session,
                token=enrollment.token,
                timeout_s=600,
                max_body_bytes=200_000_000,
            )
        )
        store = ContentStore.open(data)
        syncer = Syncer(
            store=store, client=counter, public_key=enrollment.public_key, data_dir=data
        )
        full_s, full_bytes, full_status = timed_sync(syncer, counter)
        assert full_status == "updated", syncer.state.last_error
        idle_s, idle_bytes, _ = timed_sync(syncer, counter)
        article_id = store.db.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
        edit_guide(hub, article_id, title="基准测试：修订后的指南标题")
        incr_s, incr_bytes, incr_status = timed_sync(syncer, counter)
        assert incr_status == "updated"
        store.close()
        apply_s = direct_apply_s(Path(scratch) / "direct")
    label = f"{ARTICLES:,} guides + {INSTITUTIONS:,} places"
    return [
        {
            "bench": "sync",
            "metric": f"first full sync, {label} (s)",
            "value": round(full_s, 2),
            "unit": "s",
            "baseline": round(apply_s, 2),
            "target": "baseline = store.apply of the same records, no network",
        },
        {
            "bench": "sync",
            "metric": "first full sync body",
            "value": full_bytes,
            "unit": "bytes",
            "baseline": full_bytes,
            "target": f"≤ hub.max_body_bytes ({json.dumps(50_000_000)})",
        },
        {
            "bench": "sync",
            "metric": "incremental sync, 1 guide changed (s)",
            "value": round(incr_s, 3),
            "unit": "s",
            "baseline": round(full_s, 2),
            "target": "baseline = full sync",
        },
        {
            "bench": "sync",
            "metric": "incremental sync body, 1 guide changed",
            "value": incr_bytes,
            "unit": "bytes",
            "baseline": full_bytes,
            "target": "baseline = full sync body",
        },
        {
            "bench": "sync",
            "metric": "idle poll (304 with ETag)",
            "value": round(idle_s, 4),
            "unit": "s",
            "baseline": round(incr_s, 3),
            "target": f"{idle_bytes} body bytes; baseline = incremental sync",
        },
    ]
