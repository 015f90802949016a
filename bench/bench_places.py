"""Nearest 20 institutions within 5 km among 50,000: bounding box on an index vs a full scan.

The full scan reads every row's WGS-84 position and computes every distance in Python, as a
store without the index would have to. Origins: the five demo places and five random points in
the synthetic clusters.
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from pathlib import Path

from contract.demo.synthetic import CENTRES, synthetic_changes
from contract.geo import distance_m, to_wgs84
from kiosk.places import nearby
from kiosk.store import ContentStore

INSTITUTIONS = 50_000
ROUNDS = 20
RADIUS_M = 5_000.0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _full_scan(store: ContentStore, lat: float, lng: float) -> list[tuple[float, str]]:
    o_lat, o_lng = to_wgs84(lat, lng, "gcj02")
    hits = []
    for row_id, r_lat, r_lng in store.db.execute(
        "SELECT id, lat_w, lng_w FROM institutions WHERE lat_w IS NOT NULL"
    ):
        d = distance_m(o_lat, o_lng, r_lat, r_lng)
        if d <= RADIUS_M:
            hits.append((d, row_id))
    hits.sort()
    return hits[:20]


def run() -> list[dict]:
    rng = random.Random(5)
    origins = list(CENTRES[:5]) + [
        (lat + rng.uniform(-0.05, 0.05), lng + rng.uniform(-0.05, 0.05))
        for lat, lng in CENTRES[5:10]
    ]
    changes = synthetic_changes(0, INSTITUTIONS)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-places-") as folder:
        store = ContentStore.open(Path(folder))
        started = time.perf_counter()
        store.apply(changes, version=1)
        apply_s = time.perf_counter() - started
        indexed, scanned, found, indexed_cpu, scanned_cpu = [], [], [], [], []
        for _ in range(ROUNDS):
            for lat, lng in origins:
                started, started_cpu = time.perf_counter(), time.thread_time()
                found.append(len(nearby(store, lat, lng, radius_m=RADIUS_M, limit=20)))
                indexed.append((time.perf_counter() - started) * 1000)
                indexed_cpu.append((time.thread_time() - started_cpu) * 1000)
                started, started_cpu = time.perf_counter(), time.thread_time()
                _full_scan(store, lat, lng)
                scanned.append((time.perf_counter() - started) * 1000)
                scanned_cpu.append((time.thread_time() - started_cpu) * 1000)
        store.close()
    rows.append(
        {"bench": "places", "metric": f"apply() {INSTITUTIONS} institutions", "value": apply_s, "unit": "s",
         "baseline": None, "target": "-"}
    )  # fmt: skip
    for name, share in (("p50", 0.5), ("p95", 0.95)):
        rows.append(
            {"bench": "places", "metric": f"nearby 20 within 5 km {name} ({INSTITUTIONS} rows)",
             "value": _percentile(indexed, share), "unit": "ms", "baseline": _percentile(scanned, share),
             "target": "p95 <= 5 ms" if name == "p95" else "-"}
        )  # fmt: skip
    rows.append(
        {"bench": "places", "metric": "nearby p95 CPU time (no waiting for the CPU)",
         "value": _percentile(indexed_cpu, 0.95), "unit": "ms", "baseline": _percentile(scanned_cpu, 0.95),
         "target": "-"}
    )  # fmt: skip
    rows.append(
        {"bench": "places", "metric": "results per query (mean)", "value": sum(found) / len(found), "unit": "rows",
         "baseline": None, "target": "-"}
    )  # fmt: skip
    rows.append(
        {"bench": "places", "metric": "peak resident memory of the run", "unit": "MB",
         "value": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "baseline": None, "target": "-"}
    )  # fmt: skip
    return rows
