"""Deterministic large synthetic content for benchmarks (20,000 articles, 50,000 institutions).

Text is generated from a small word list (``synthetic_words.json``) with a seeded random
generator, so the same seed always gives the same records. Institutions cluster around the five
demo places and other city centres, with the rest spread over China, in mixed datums. Every
name says it is an example; phone numbers are ``000-0000-NNNN``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from contract.records import INSTITUTION_TYPES

WORDS_FILE = Path(__file__).with_name("synthetic_words.json")
STAMP = "2026-01-01T08:00:00+08:00"
DATUM_CHOICES = ("gcj02", "gcj02", "wgs84", "bd09")
CLUSTER_SHARE = 0.6
CLUSTER_SIGMA_DEG = 0.08
# (lat, lng) in GCJ-02: the five demo places first, then other large cities.
CENTRES = (
    (30.8235, 104.1586),
    (31.4675, 104.6790),
    (29.8683, 121.5440),
    (34.2652, 108.9337),
    (36.4570, 115.9854),
    (39.9042, 116.4074),
    (31.2304, 121.4737),
    (23.1291, 113.2644),
    (30.5928, 114.3055),
    (22.5431, 114.0579),
    (30.2741, 120.1551),
    (32.0603, 118.7969),
    (29.5630, 106.5516),
    (36.0671, 120.3826),
    (38.0428, 114.5149),
    (34.7466, 113.6254),
    (28.2282, 112.9388),
    (26.0745, 119.2965),
    (25.0389, 102.7183),
    (45.8038, 126.5349),
)


def _words() -> dict:
    return json.loads(WORDS_FILE.read_text(encoding="utf-8"))


def _clause(rng: random.Random, w: dict) -> str:
    parts = [
        rng.choice(w["adverbs"]) if rng.random() < 0.3 else "",
        rng.choice(w["verbs"]),
        rng.choice(w["nouns"]),
    ]
    if rng.random() < 0.5:
        parts.append(rng.choice(w["nouns"]))
    return "".join(parts)


def _sentence(rng: random.Random, w: dict) -> str:
    return w["comma"].join(_clause(rng, w) for _ in range(rng.randint(2, 4))) + w["period"]


def categories() -> list[dict]:
    names = _words()["category_names"]
    return [
        {
            "id": f"syn-c-{i:02d}",
            "name": name,
            "name_en": f"Synthetic {i}",
            "icon": "",
            "sort": 100 + i,
        }
        for i, name in enumerate(names)
    ]


def articles(count: int, *, seed: int = 20260101) -> list[dict]:
    """``count`` valid article records (200-600 characters of body each)."""
    rng = random.Random(seed)
    w = _words()
    cats = [c["id"] for c in categories()]
    records = []
    for n in range(count):
        title = rng.choice(w["nouns"]) + rng.choice(w["verbs"]) + rng.choice(w["title_ends"])
        records.append(
            {
                "id": f"syn-a-{n:06d}",
                "category_id": rng.choice(cats),
                "title": title,
                "summary": _sentence(rng, w),
                "body": "".join(_sentence(rng, w) for _ in range(rng.randint(6, 14))),
                "tags": sorted({rng.choice(w["nouns"]) for _ in range(rng.randint(1, 3))}),
                "law_refs": [],
                "media": [],
                "status": "published",
                "review_by": "",
                "updated_at": STAMP,
            }
        )
    return records


def _position(rng: random.Random) -> tuple[float, float]:
    if rng.random() < CLUSTER_SHARE:
        lat, lng = rng.choice(CENTRES)
        return round(rng.gauss(lat, CLUSTER_SIGMA_DEG), 6), round(
            rng.gauss(lng, CLUSTER_SIGMA_DEG), 6
        )
    return round(rng.uniform(22.0, 45.0), 6), round(rng.uniform(100.0, 122.0), 6)


def institutions(count: int, *, seed: int = 20260102) -> list[dict]:
    """``count`` valid institution records of every type, in mixed datums."""
    rng = random.Random(seed)
    w = _words()
    records = []
    for n in range(count):
        kind = INSTITUTION_TYPES[n % len(INSTITUTION_TYPES)]
        place = rng.choice(w["places"])
        lat, lng = _position(rng)
        records.append(
            {
                "id": f"syn-i-{n:06d}",
                "type": kind,
                "name": f"{place}{n}{w['number_mark']}{w['type_names'][kind]}{w['example_mark']}",
                "address": f"{place}{rng.randint(1, 999)}{w['address_mark']}{w['example_mark']}",
                "district": place,
                "lat": lat,
                "lng": lng,
                "datum": rng.choice(DATUM_CHOICES),
                "phone": f"000-0000-{n % 10000:04d}",
                "hours": w["hours"],
                "services": [w["service"]],
                "updated_at": STAMP,
            }
        )
    return records


def synthetic_changes(article_count: int, institution_count: int, *, seed: int = 2026) -> dict:
    """A content update (the ``changes`` object of ``GET /content``) holding the synthetic set."""
    changes: dict = {}
    if article_count:
        changes["categories"] = {"upsert": categories()}
        changes["articles"] = {"upsert": articles(article_count, seed=seed)}
    if institution_count:
        changes["institutions"] = {"upsert": institutions(institution_count, seed=seed + 1)}
    return changes
