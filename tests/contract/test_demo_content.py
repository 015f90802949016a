"""The hand-written demo content: valid records, enough guides, five places fully served."""

import math
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from contract.demo import CHINA_TZ, demo_terminals, load_demo_content
from contract.records import INSTITUTION_TYPES, validate_record

ROOT = Path(__file__).resolve().parents[2]
PLACES = ["成都市新都区", "绵阳市", "宁波市", "西安市莲湖区", "聊城市"]
NOW = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
# Every demo phone number is an area code followed by "0000": no real line looks like that.
FAKE_PHONE = re.compile(r"^0\d{2,3}-0000-\d{4}$")
SEARCH_WORDS = [
    "离婚",
    "工资",
    "欠薪",
    "宅基地",
    "工伤赔偿",
    "赡养",
    "借条",
    "彩礼",
    "交通事故",
    "网购",
    "退货",
    "法律援助",
]


@pytest.fixture(scope="module")
def content():
    return load_demo_content(NOW)


def haversine_m(lat1, lng1, lat2, lng2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def test_every_record_validates_unchanged(content):
    assert set(content) == {
        "categories",
        "institutions",
        "advisers",
        "articles",
        "announcements",
        "media",
    }
    for collection, records in content.items():
        for record in records:
            assert validate_record(collection, record) == record


def test_ids_are_unique_within_each_collection(content):
    for collection, records in content.items():
        counts = Counter(record["id"] for record in records)
        assert [i for i, n in counts.items() if n > 1] == [], collection


def test_enough_guides_and_every_category_used(content):
    articles = content["articles"]
    assert len(articles) >= 45
    category_ids = {c["id"] for c in content["categories"]}
    assert len(category_ids) >= 10
    used = Counter(a["category_id"] for a in articles)
    assert set(used) == category_ids


def test_guides_are_plain_text_of_readable_length(content):
    for article in content["articles"]:
        body = article["body"]
        assert 300 <= len(body) <= 900, (article["id"], len(body))
        assert not re.search(r"<[A-Za-z/!]|&[a-z]+;|\*\*|^#|\]\(", body, re.M), article["id"]
        assert 3 <= len(article["tags"]) <= 6, article["id"]
        assert article["summary"] and article["law_refs"], article["id"]
        assert article["updated_at"].endswith("+08:00")


def test_residents_search_words_appear_in_guides(content):
    text = "\n".join(
        a["title"] + " ".join(a["tags"]) + a["summary"] + a["body"] for a in content["articles"]
    )
    assert [w for w in SEARCH_WORDS if w not in text] == []
    divorce = [a for a in content["articles"] if "离婚" in a["title"]]
    assert len(divorce) >= 2


def address_only(institution):
    """The store's convention: lat 0 and lng 0 mean "no position, show the address only"."""
    return institution["lat"] == 0 and institution["lng"] == 0


def placed(institutions):
    return [i for i in institutions if not address_only(i)]


def test_every_place_has_every_institution_type_within_8_km(content):
    terminals = demo_terminals()
    assert sorted(t["place"] for t in terminals) == sorted(PLACES)
    for terminal in terminals:
        near = [
            inst
            for inst in placed(content["institutions"])
            if haversine_m(terminal["lat"], terminal["lng"], inst["lat"], inst["lng"]) <= 8_000
        ]
        assert {i["type"] for i in near} == set(INSTITUTION_TYPES), terminal["place"]
        assert 30 <= len(near) <= 60, terminal["place"]
        assert all(i["district"] == terminal["district"] for i in near)


def test_every_place_has_30_institutions_and_several_of_each_type(content):
    for terminal in demo_terminals():
        prefix = terminal["adviser_id"].split("-")[0] + "-"
        mine = [i for i in content["institutions"] if i["id"].startswith(prefix)]
        assert len(mine) >= 30, terminal["place"]
        assert all(i["district"] == terminal["district"] for i in mine), terminal["place"]
        per_type = Counter(i["type"] for i in mine)
        assert {t: per_type[t] for t in INSTITUTION_TYPES if per_type[t] < 2} == {}, prefix


def test_each_place_has_one_address_only_institution(content):
    for terminal in demo_terminals():
        without = [
            i
            for i in content["institutions"]
            if i["district"] == terminal["district"] and address_only(i)
        ]
        assert len(without) == 1, terminal["place"]
        assert without[0]["address"] and without[0]["hours"] and without[0]["services"]


def test_institutions_are_spread_not_stacked(content):
    for terminal in demo_terminals():
        mine = placed(i for i in content["institutions"] if i["district"] == terminal["district"])
        distances = [
            haversine_m(terminal["lat"], terminal["lng"], i["lat"], i["lng"]) for i in mine
        ]
        assert min(distances) >= 100 and max(distances) <= 8_000, terminal["place"]
        assert len({round(d, -1) for d in distances}) == len(distances)
        directions = {(i["lat"] > terminal["lat"], i["lng"] > terminal["lng"]) for i in mine}
        assert len(directions) == 4, terminal["place"]
        closest = min(
            haversine_m(a["lat"], a["lng"], b["lat"], b["lng"])
            for n, a in enumerate(mine)
            for b in mine[n + 1 :]
        )
        assert closest >= 80, terminal["place"]


def test_terminals_have_the_agreed_shape_and_their_adviser(content):
    advisers = {a["id"]: a for a in content["advisers"]}
    for terminal in demo_terminals():
        assert set(terminal) == {
            "name",
            "place",
            "district",
            "address",
            "lat",
            "lng",
            "datum",
            "village",
            "adviser_id",
        }
        assert terminal["datum"] == "gcj02"
        assert terminal["village"] in advisers[terminal["adviser_id"]]["serves"]


def test_advisers_belong_to_demo_institutions_and_keep_weekly_hours(content):
    institutions = {i["id"]: i for i in content["institutions"]}
    for adviser in content["advisers"]:
        assert institutions[adviser["institution_id"]]["type"] in (
            "law_firm",
            "grassroots_legal_service",
        )
        assert adviser["duty_hours"] and "示例" in adviser["name"]
    lianhu = [a for a in content["advisers"] if a["id"].startswith("lh-")]
    assert all({"weekday": 4, "start": "14:00", "end": "17:30"} in a["duty_hours"] for a in lianhu)


def test_phone_numbers_are_visibly_fake(content):
    phones = [i["phone"] for i in content["institutions"]] + [
        a["phone"] for a in content["advisers"]
    ]
    assert [p for p in phones if not FAKE_PHONE.match(p)] == []
    names = [i["name"] for i in content["institutions"]]
    assert all("示例" in name for name in names)
    assert {i["datum"] for i in content["institutions"]} == {"gcj02"}
    assert all(i["updated_at"].endswith("+08:00") for i in content["institutions"])


@pytest.mark.parametrize(
    "now",
    [NOW, datetime(2030, 2, 10, 23, 59, tzinfo=UTC), datetime(2026, 1, 1, 0, 0)],
    ids=["now", "later", "naive"],
)
def test_announcements_are_current_whenever_loaded(now):
    at = now if now.tzinfo else now.replace(tzinfo=timezone(timedelta(hours=8)))
    announcements = load_demo_content(now)["announcements"]
    assert len(announcements) >= 5
    for ann in announcements:
        assert (
            datetime.fromisoformat(ann["starts_at"]) <= at <= datetime.fromisoformat(ann["ends_at"])
        ), ann["id"]
        assert ann["starts_at"].endswith("+08:00")


def test_terminal_list_is_a_fresh_copy_each_time():
    first = demo_terminals()
    first[0]["village"] = "changed"
    assert demo_terminals()[0]["village"] != "changed"


def test_import_reads_no_file():
    code = (
        "import builtins, io, pathlib\n"
        "opened = []\n"
        "real = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file)); return real(file, *a, **k)\n"
        "pathlib.Path.open = lambda self, *a, **k: spy(self, *a, **k)\n"
        "import contract.demo\n"
        "assert not [p for p in opened if p.endswith('.json')], opened\n"
        "assert len(contract.demo.DEMO_TERMINALS) == 5\n"
        "assert [p for p in opened if p.endswith('terminals.json')]\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_every_guide_has_a_review_date_and_some_are_overdue():
    today = datetime(2026, 11, 1, 9, 0, tzinfo=CHINA_TZ)
    articles = load_demo_content(today)["articles"]
    due = [a["review_by"] for a in articles]
    assert all(due), "every demo guide has a review-by date"
    overdue = sorted(a["id"] for a in articles if a["review_by"] < "2026-11-01")
    assert overdue == ["labour-unpaid-wages", "traffic-first-steps"]
    assert {a["review_by"] for a in articles if a["id"] == "traffic-first-steps"} == {"2026-10-20"}
