"""Search over 20,000 synthetic articles: latency of the index vs a plain LIKE scan; apply() cost.

Rows: apply() of the whole article set (baseline: the same rows inserted without search index
or vocabulary) and the part of it spent inside the write transaction (segmentation and
tokenising happen before it opens; baseline: the whole apply()), search p50/p95 over a fixed query mix (2-char, 3+-char, 1-char, pinyin, initials,
no-hit; baseline: a LIKE scan of title/tags/summary/body for the same Chinese words, ranked by
field), candidates() p95, and the process's peak resident memory.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

from contract.demo.synthetic import synthetic_changes
from kiosk.search import candidates, search
from kiosk.store import ContentStore

ARTICLES = 20_000
ROUNDS = 15
# (query as typed, the Chinese the LIKE baseline looks for)
QUERY_MIX = [
    ("离婚", "离婚"),
    ("工资", "工资"),
    ("宅基地", "宅基地"),
    ("劳动仲裁", "劳动仲裁"),
    ("工伤赔偿", "工伤赔偿"),
    ("婚", "婚"),
    ("lihun", "离婚"),
    ("gongzi", "工资"),
    ("lh", "离婚"),
    ("zjd", "宅基地"),
    ("不存在的词", "不存在的词"),
]
LIKE_SQL = (
    "SELECT id FROM articles WHERE title LIKE :q OR tags LIKE :q OR summary LIKE :q OR body LIKE :q"
    " ORDER BY CASE WHEN title LIKE :q THEN 0 WHEN tags LIKE :q THEN 1 WHEN summary LIKE :q THEN 2 ELSE 3 END"
    " LIMIT 20"
)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _time(fn, cpu: list[float] | None = None) -> float:
    """Wall milliseconds of ``fn()``; its CPU milliseconds (this thread) go to ``cpu``."""
    started, started_cpu = time.perf_counter(), time.thread_time()
    fn()
    if cpu is not None:
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return (time.perf_counter() - started) * 1000


def _baseline_insert(folder: Path, changes: dict) -> float:
    db = sqlite_utils.Database(folder / "plain.db")
    rows = [
        dict(r, tags=" ".join(r["tags"]), law_refs="[]", media="[]")
        for r in changes["articles"]["upsert"]
    ]
    started = time.perf_counter()
    with db.atomic():
        db["articles"].insert_all(rows, pk="id", batch_size=1000)
    return time.perf_counter() - started


def run() -> list[dict]:
    changes = synthetic_changes(ARTICLES, 0)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        plain_s = _baseline_insert(Path(folder), changes)
        store = ContentStore.open(Path(folder) / "data")
        started = time.perf_counter()
        store.apply(changes, version=1)
        apply_s = time.perf_counter() - started
        rows.append(
            {"bench": "search", "metric": f"apply() {ARTICLES} articles + index + vocabulary", "value": apply_s,
             "unit": "s", "baseline": plain_s, "target": "one transaction"}
        )  # fmt: skip
        rows.append(
            {"bench": "search", "metric": "apply(): time inside the write transaction",
             "value": store.last_apply_timing["transaction_s"], "unit": "s", "baseline": apply_s,
             "target": "short: jieba runs before BEGIN"}
        )  # fmt: skip
        plain = sqlite_utils.Database(Path(folder) / "plain.db")
        indexed, scanned, indexed_cpu, scanned_cpu = [], [], [], []
        for _ in range(ROUNDS):
            for typed, chinese in QUERY_MIX:
                indexed.append(_time(lambda typed=typed: search(store, typed), indexed_cpu))
                scanned.append(
                    _time(
                        lambda c=chinese: plain.execute(LIKE_SQL, {"q": f"%{c}%"}).fetchall(),
                        scanned_cpu,
                    )
                )
        for name, share in (("p50", 0.5), ("p95", 0.95)):
            rows.append(
                {"bench": "search", "metric": f"search {name} ({len(QUERY_MIX)}-query mix, {ARTICLES} articles)",
                 "value": _percentile(indexed, share), "unit": "ms", "baseline": _percentile(scanned, share),
                 "target": "p95 <= 20 ms, >= 20x faster than LIKE" if name == "p95" else "-"}
            )  # fmt: skip
        rows.append(
            {"bench": "search", "metric": "search p95 CPU time (no waiting for the CPU)",
             "value": _percentile(indexed_cpu, 0.95), "unit": "ms", "baseline": _percentile(scanned_cpu, 0.95),
             "target": "-"}
        )  # fmt: skip
        letters = ["l", "lih", "lh", "gz", "zjd", "laodong", "x", "q"]
        typing = [_time(lambda s=s: candidates(store, s)) for _ in range(ROUNDS) for s in letters]
        rows.append(
            {"bench": "search", "metric": "candidates() p95", "value": _percentile(typing, 0.95), "unit": "ms",
             "baseline": statistics.median(typing), "target": "one keystroke < 16 ms"}
        )  # fmt: skip
        rows.append(
            {"bench": "search", "metric": "content.db size", "value": (store.path.stat().st_size) / 1e6,
             "unit": "MB", "baseline": (Path(folder) / "plain.db").stat().st_size / 1e6, "target": "-"}
        )  # fmt: skip
        store.close()
    rows.append(
        {"bench": "search", "metric": "peak resident memory of the run", "unit": "MB",
         "value": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "baseline": None, "target": "-"}
    )  # fmt: skip
    return rows
