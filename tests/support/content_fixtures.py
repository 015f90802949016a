"""Small hand-made content and store fixtures for the core tests (real demo content: contract/demo/).

Test modules import the fixtures they use: ``from tests.support.content_fixtures import store``.
"""

import pytest

from contract.records import validate_record
from kiosk.store import ContentStore

STAMP = "2026-01-05T09:00:00+08:00"


def category(cid, name, sort=0):
    return {"id": cid, "name": name, "name_en": cid.title(), "icon": "", "sort": sort}


def article(aid, category_id, title, body, *, summary="", tags=(), law_refs=(), review_by=""):
    """An article as the content model cleans it (law statuses filled in)."""
    raw = {
        "id": aid,
        "category_id": category_id,
        "title": title,
        "summary": summary,
        "body": body,
        "tags": list(tags),
        "law_refs": list(law_refs),
        "media": [],
        "status": "published",
        "review_by": review_by,
        "updated_at": STAMP,
    }
    return validate_record("articles", raw)


def institution(iid, kind, name, lat, lng, *, datum="gcj02", district="示例区"):
    return {
        "id": iid,
        "type": kind,
        "name": name,
        "address": f"{name}地址（示例）",
        "district": district,
        "lat": lat,
        "lng": lng,
        "datum": datum,
        "phone": "028-0000-0101",
        "hours": "周一至周五 9:00-17:00",
        "services": ["法律咨询"],
        "updated_at": STAMP,
    }


def adviser(aid, name, serves, *, institution_id=None):
    return {
        "id": aid,
        "name": name,
        "title": "律师",
        "institution_id": institution_id,
        "serves": list(serves),
        "duty_hours": [{"weekday": 4, "start": "14:00", "end": "17:00"}],
        "phone": "028-0000-0199",
        "updated_at": STAMP,
    }


CATEGORIES = [
    category("family", "婚姻家庭", 1),
    category("labour", "劳动就业", 2),
    category("land", "房产土地", 3),
]

ARTICLES = [
    article(
        "a-divorce",
        "family",
        "协议离婚怎么办",
        "夫妻双方自愿离婚的，可以到婚姻登记机关申请登记。离婚冷静期为三十日。",
        summary="双方自愿时的登记手续。",
        tags=["离婚", "婚姻登记"],
        law_refs=[{"law": "中华人民共和国民法典", "article": "第一千零七十六条"}],
    ),
    article(
        "a-custody",
        "family",
        "孩子抚养费怎么算",
        "父母离婚后，不直接抚养子女的一方应当负担部分或者全部抚养费。",
        summary="抚养费的数额和给付期限。",
        tags=["抚养费"],
    ),
    article(
        "a-wages",
        "labour",
        "老板拖欠工资怎么办",
        "用人单位应当按月以货币形式支付工资。被欠薪时可以向劳动保障监察机构投诉，也可以申请劳动仲裁。",
        summary="讨要欠薪的三条路。",
        tags=["欠薪", "劳动仲裁"],
    ),
    article(
        "a-injury",
        "labour",
        "工伤以后找谁",
        "职工因工作遭受事故伤害，应当认定为工伤。工伤赔偿包括医疗费、停工留薪期工资和一次性伤残补助金。",
        summary="工伤认定和赔偿的步骤。",
        tags=["工伤"],
    ),
    article(
        "a-homestead",
        "land",
        "农村宅基地的使用",
        "农村村民一户只能拥有一处宅基地，面积不得超过规定的标准。出卖、出租住宅后再申请宅基地的，不予批准。",
        summary="一户一宅和申请条件。",
        tags=["宅基地"],
    ),
    article(
        "a-loan-body",
        "land",
        "借钱给亲戚要写借条",
        "借款时写清楚金额和还款日期。如果以后闹到离婚，夫妻共同债务也要看借条。",
        summary="借条的写法。",
        tags=["借条"],
    ),
]


def demo_changes():
    return {
        "categories": {"upsert": CATEGORIES},
        "articles": {"upsert": ARTICLES},
        "institutions": {
            "upsert": [
                institution("i-aid", "legal_aid", "示例法律援助中心", 30.8235, 104.1586),
                institution("i-firm", "law_firm", "示例律师事务所", 30.8300, 104.1600),
                institution("i-notary", "notary", "示例公证处", 30.8600, 104.1900),
                institution("i-far", "law_firm", "远处示例律师事务所", 31.4700, 104.6800),
            ]
        },
        "advisers": {
            "upsert": [
                adviser("v-wang", "示例律师 王某", ["示例村", "示例社区"], institution_id="i-firm")
            ]
        },
    }


@pytest.fixture
def store(tmp_path):
    """A store in a temp folder holding the small fixture content (version 1)."""
    opened = ContentStore.open(tmp_path / "data")
    opened.apply(demo_changes(), version=1)
    yield opened
    opened.close()


@pytest.fixture
def empty_store(tmp_path):
    opened = ContentStore.open(tmp_path / "data")
    yield opened
    opened.close()


def open_demo_store(folder) -> ContentStore:
    """A store in ``folder`` holding the whole demo content (the real 53 guides), version 1."""
    opened = ContentStore.open(folder)
    from contract.demo import load_demo_content

    changes = {name: {"upsert": rows, "delete": []} for name, rows in load_demo_content().items()}
    opened.apply(changes, version=1)
    return opened
