"""Kiosk app: cold start to the first drawn home screen, peak RSS, tap-to-next-screen latency.

Baseline measured in the same run: a minimal Kivy app (CJK font, 30 buttons) started the same
way. Each start is its own process under a private Xvfb. Content: the demo content, and the
synthetic 20,000 guides / 50,000 places set.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.device.xvfb import Xvfb

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def _probe(args: list[str], display: str) -> dict:
    env = {**os.environ, "DISPLAY": display, "KIVY_NO_ARGS": "1"}
    env.pop("LEGAL_KIOSK_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.kiosk_app_probe", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    for line in done.stdout.splitlines():
        if line.startswith("PROBE "):
            return json.loads(line[6:])
    raise RuntimeError(f"probe failed: {done.stderr[-2000:]}")


def _seed(data: Path, *extra: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "kiosk", "demo-data", "--data", str(data), *extra],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=1800,
    )


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def run() -> list[dict]:
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, Xvfb() as display:
        fonts = str(Path(tmp) / "minimal-fonts")  # the same single-face font as the app
        minimal = [_probe(["minimal", fonts], display) for _ in range(ROUNDS)]
        base_start = _median(minimal, "first_frame_s")
        base_rss = _median(minimal, "peak_rss_mib")
        sets = {"demo": (), "20k/50k": ("--articles", "20000", "--institutions", "50000")}
        for label, extra in sets.items():
            data = Path(tmp) / label.replace("/", "-")
            _seed(data, *extra)
            probes = [_probe(["app", str(data)], display) for _ in range(ROUNDS)]
            taps = sorted(t for p in probes for t in p["tap_ms"])
            p95 = taps[int(len(taps) * 0.95) - 1]
            rows += [
                {
                    "bench": "kiosk_app",
                    "metric": f"cold start to home, {label} (s)",
                    "value": _median(probes, "first_frame_s"),
                    "unit": "s",
                    "baseline": base_start,
                    "target": "<= 1.5x minimal Kivy app",
                },
                {
                    "bench": "kiosk_app",
                    "metric": f"peak RSS, {label}",
                    "value": _median(probes, "peak_rss_mib"),
                    "unit": "MiB",
                    "baseline": base_rss,
                    "target": "<= 200 MiB",
                },
                {
                    "bench": "kiosk_app",
                    "metric": f"tap to next screen p95, {label}",
                    "value": p95,
                    "unit": "ms",
                    "baseline": _median(probes, "redraw_frame_ms"),
                    "target": "<= 100 ms (baseline: one full redraw of home)",
                },
            ]
    return rows
