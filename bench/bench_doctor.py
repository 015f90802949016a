"""How much a heartbeat's health report costs on this machine: ``doctor.health_report`` on a
terminal with demo content (real fc-list, espeak-ng, SQLite integrity checks), against the
baseline of one trivial subprocess (``true``) — the floor of any check that asks a program."""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROUNDS = 5


def _median_ms(work) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run() -> list[dict]:
    from contract.demo import load_demo_content
    from kiosk.config import load_config
    from kiosk.doctor import health_report
    from kiosk.store import ContentStore

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        store = ContentStore.open(data)
        changes = {
            name: {"upsert": records, "delete": []} for name, records in load_demo_content().items()
        }
        store.apply(changes, version=1)
        store.close()
        config = load_config(None, data_dir=data, environ={})
        report_ms = _median_ms(lambda: health_report(config))
        size_kb = len(json.dumps(health_report(config)).encode()) / 1024
    baseline_ms = _median_ms(lambda: subprocess.run(["true"], check=True))
    return [
        {"bench": "doctor", "metric": "health_report (heartbeat)", "value": round(report_ms, 1), "unit": "ms",
         "baseline": round(baseline_ms, 1), "target": "< 2000 ms, off the UI thread"},
        {"bench": "doctor", "metric": "health_report size", "value": round(size_kb, 1), "unit": "KB",
         "baseline": 20.0, "target": "< hub limit 20 KB"},
    ]  # fmt: skip
