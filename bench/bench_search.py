"""Search: how well everyday questions find their guide (demo content), and speed at 20,000 articles.

Quality rows (the 53 demo guides, the regression table of tests/support/everyday_questions.py):
right guide in the first three for the questions and for the held-out questions, questions with
no result, control questions answered with a good match. Baseline: a LIKE scan for the question
as typed (what a plain substring search does with a sentence).

Speed rows (20,000 synthetic articles):

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
from kiosk.search.query import question_of
from kiosk.store import ContentStore
from tests.support.content_fixtures import open_demo_store
from tests.support.everyday_questions import CONTROLS, HELD_OUT, QUESTIONS

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


QUESTION_LIKE_SQL = (
    "SELECT id FROM articles WHERE title LIKE :q OR summary LIKE :q OR body LIKE :q LIMIT 3"
)


def _top3_share(store, table) -> tuple[float, float, int]:
    """(share found by search, share found by LIKE of the whole question, questions without result)."""
    found = like = empty = 0
    for question, answers in table:
        results = search(store, question, limit=10)
        empty += not results
        found += any(r["id"] in answers for r in results[:3])
        hits = store.db.execute(QUESTION_LIKE_SQL, {"q": f"%{question}%"}).fetchall()
        like += any(h[0] in answers for h in hits)
    return 100 * found / len(table), 100 * like / len(table), empty


def _quality_rows(folder: Path) -> list[dict]:
    store = open_demo_store(folder / "demo")
    try:
        top3, like3, empty = _top3_share(store, QUESTIONS)
        held, held_like, held_empty = _top3_share(store, HELD_OUT)
        good_controls = sum(
            1 for q in CONTROLS if (r := search(store, q, limit=3)) and r[0]["match"] == "good"
        )
        like_controls = sum(
            1 for q in CONTROLS if store.db.execute(QUESTION_LIKE_SQL, {"q": f"%{q}%"}).fetchall()
        )
    finally:
        store.close()
    return [
        {"bench": "search", "metric": f"questions: right guide in top 3 ({len(QUESTIONS)})", "value": top3,
         "unit": "%", "baseline": like3, "target": ">= 90 %"},
        {"bench": "search", "metric": f"held-out questions: right guide in top 3 ({len(HELD_OUT)})",
         "value": held, "unit": "%", "baseline": held_like, "target": "not tuned on"},
        {"bench": "search", "metric": "questions with no result", "value": empty + held_empty,
         "unit": "", "baseline": None, "target": "0"},
        {"bench": "search", "metric": f"control questions answered as a good match ({len(CONTROLS)})",
         "value": good_controls, "unit": "", "baseline": like_controls, "target": "0"},
    ]  # fmt: skip


def _like_any_term(plain, store, question: str):
    """The naive any-term search: one LIKE per word of the question over every field, ranked by
    how many words a guide holds (so every row is read, as ranking needs)."""
    terms = [t for g in question_of(store, question).groups for t in list(g.terms)[:1]]
    if not terms:
        return []
    where = " OR ".join(
        f"title LIKE :t{i} OR tags LIKE :t{i} OR summary LIKE :t{i} OR body LIKE :t{i}"
        for i in range(len(terms))
    )
    params = {f"t{i}": f"%{t}%" for i, t in enumerate(terms)}
    held = " + ".join(
        f"(title LIKE :t{i} OR tags LIKE :t{i} OR summary LIKE :t{i} OR body LIKE :t{i})"
        for i in range(len(terms))
    )
    sql = f"SELECT id FROM articles WHERE {where} ORDER BY {held} DESC LIMIT 20"
    return plain.execute(sql, params).fetchall()


def _question_speed_rows(store, plain) -> list[dict]:
    questions = [q for q, _a in QUESTIONS[::4]] + CONTROLS[::3]
    indexed, scanned = [], []
    for _ in range(3):
        for question in questions:
            indexed.append(_time(lambda q=question: search(store, q)))
            scanned.append(_time(lambda q=question: _like_any_term(plain, store, q)))
    return [
        {"bench": "search", "metric": f"question p{int(share * 100)} ({len(questions)} everyday questions, {ARTICLES} articles)",
         "value": _percentile(indexed, share), "unit": "ms", "baseline": _percentile(scanned, share),
         "target": "p95 <= 20 ms, >= 20x faster than LIKE" if share > 0.9 else "-"}
        for share in (0.5, 0.95)
    ]  # fmt: skip


def run() -> list[dict]:
    changes = synthetic_changes(ARTICLES, 0)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        rows.extend(_quality_rows(Path(folder)))
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
        rows.extend(_question_speed_rows(store, plain))
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
