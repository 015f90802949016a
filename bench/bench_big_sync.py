"""Large content (issue 15, finding 4): two imports of 100,000 institutions on a real hub process.

Rows:
- the whole first-sync answer in bytes next to the terminal's 50 MB limit (what locked new
  terminals out), and the largest page of the paged answer next to it;
- a first sync in pages (fetch, verify, keep, apply in one transaction): seconds and pages;
- hub RSS after ``SINCE_VALUES`` whole answers for different ``since`` values, with the
  signed-body cache bounded by bytes (default ``HUB_CONTENT_CACHE_BYTES``) next to the same
  requests on the same hub with the bound lifted (the previous behaviour: every body kept).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests

PLACES_PER_IMPORT = 100_000
SMALL_PUBLISHES = 7
SINCE_VALUES = 9
KIOSK_LIMIT_BYTES = 50_000_000
UNBOUNDED_CACHE_BYTES = 4_000_000_000
ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import sys
from sqlalchemy import update
from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.crud.publish import publish
from hub.crud.records import load_content
from hub.models.tables import institutions
from contract.demo.synthetic import institutions as synthetic
count, small = int(sys.argv[1]), int(sys.argv[2])
settings = HubSettings.from_env()
engine = make_engine(settings)
first = synthetic(count)
second = [{**r, "id": r["id"].replace("syn-i-", "syn-k-")} for r in synthetic(count, seed=7)]
for records, note in ((first, "bench: first import"), (second, "bench: second import")):
    with writing(engine) as conn:
        load_content(conn, {"institutions": records})
        publish(conn, note=note, zone=settings.zone)
for n in range(small):
    with writing(engine) as conn:
        conn.execute(update(institutions).where(institutions.c.id == first[n]["id"])
                     .values(phone=f"000-0001-{n:04d}"))
        print(publish(conn, note="bench: one phone changed", zone=settings.zone))
"""


def hub_rss_bytes(pid: int) -> int:
    """Resident memory of the hub's process group (the serve process and any children)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pid:  # field 5: process group id
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def whole_answers(base_url: str, token: str, since_values) -> int:
    """GET /content?since=S (unpaged, as an older terminal asks) for each S; largest body size."""
    parsed = urlparse(base_url)
    largest = 0
    for since in since_values:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=900)
        conn.request(
            "GET", f"/api/v1/content?since={since}", headers={"Authorization": f"Bearer {token}"}
        )
        response = conn.getresponse()
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
        conn.close()
        if response.status != 200:
            raise RuntimeError(f"since={since} answered {response.status}")
        largest = max(largest, size)
    return largest


def rss_after_since_values(hub, token: str, cache_bytes: int) -> int:
    from tests.support.e2e_steps import start_hub, stop_hub

    stop_hub(hub)
    hub.env["HUB_CONTENT_CACHE_BYTES"] = str(cache_bytes)
    start_hub(hub)
    whole_answers(hub.base_url, token, range(SINCE_VALUES))
    return hub_rss_bytes(hub.process.pid)


def run() -> list[dict]:
    from kiosk.hublink.client import HubClient
    from kiosk.hublink.enrollment import enroll
    from kiosk.hublink.sync import Syncer
    from kiosk.store import ContentStore
    from tests.support.hub_process import hub_process

    with (
        tempfile.TemporaryDirectory(prefix="bench-big-sync-") as scratch,
        hub_process(Path(scratch)) as hub,
    ):
        loaded = subprocess.run(
            [sys.executable, "-c", LOAD, str(PLACES_PER_IMPORT), str(SMALL_PUBLISHES)],
            cwd=ROOT,
            env=hub.env,
            capture_output=True,
            text=True,
            timeout=3600,
        )
        assert loaded.returncode == 0, loaded.stderr
        data = Path(scratch) / "kiosk"
        session = requests.Session()
        enrollment = enroll(
            HubClient(hub.base_url, session=session),
            data_dir=data,
            code=hub.new_code(hub.terminals[0]),
        )
        pages: list[int] = []

        class CountingSession(requests.Session):
            def request(self, method, url, *args, **kwargs):
                response = super().request(method, url, *args, **kwargs)
                if url.endswith("/api/v1/content"):
                    pages.append(int(response.headers.get("Content-Length") or 0))
                return response

        client = HubClient(
            hub.base_url, session=CountingSession(), token=enrollment.token, timeout_s=900
        )
        store = ContentStore.open(data)
        syncer = Syncer(store=store, client=client, public_key=enrollment.public_key, data_dir=data)
        started = time.perf_counter()
        result = syncer.sync_once()
        paged_s = time.perf_counter() - started
        assert result.status == "updated", syncer.state.last_error
        held = store.db.execute("SELECT count(*) FROM institutions").fetchone()[0]
        store.close()
        assert held >= 2 * PLACES_PER_IMPORT
        whole_bytes = whole_answers(hub.base_url, enrollment.token, [0])
        default_bound = int(os.environ.get("HUB_CONTENT_CACHE_BYTES", "64000000"))
        unbounded = rss_after_since_values(hub, enrollment.token, UNBOUNDED_CACHE_BYTES)
        bounded = rss_after_since_values(hub, enrollment.token, default_bound)
    mb = 1_000_000
    return [
        {
            "bench": "big_sync",
            "metric": f"whole first-sync answer, 2 x {PLACES_PER_IMPORT:,} places (MB)",
            "value": round(whole_bytes / mb, 1),
            "unit": "MB",
            "baseline": KIOSK_LIMIT_BYTES / mb,
            "target": "baseline = kiosk limit; above it an unpaged first sync is refused",
        },
        {
            "bench": "big_sync",
            "metric": "largest page of the paged first sync (MB)",
            "value": round(max(pages) / mb, 2),
            "unit": "MB",
            "baseline": KIOSK_LIMIT_BYTES / mb,
            "target": f"{len(pages)} pages; each ≈ HUB_CONTENT_PAGE_BYTES, under the limit",
        },
        {
            "bench": "big_sync",
            "metric": f"paged first sync, {held:,} places (s)",
            "value": round(paged_s, 1),
            "unit": "s",
            "baseline": None,
            "target": "completes (was: refused as over 50 MB, forever)",
        },
        {
            "bench": "big_sync",
            "metric": f"hub RSS after {SINCE_VALUES} different since (MB)",
            "value": round(bounded / mb, 1),
            "unit": "MB",
            "baseline": round(unbounded / mb, 1),
            "target": f"cache ≤ {default_bound / mb:.0f} MB; baseline = every body kept",
        },
    ]
