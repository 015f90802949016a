"""Hot questions and most-read guides computed from usage, on a real hub database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from hub.core.db import reading, writing
from hub.crud.highlights import (
    Highlights,
    category_highlights,
    computed_hot_questions,
    most_read_articles,
)
from hub.crud.publish import current_records, publish
from hub.crud.records import save_article, save_category
from hub.models.tables import categories, content_published, events, terminals
from tests.support.zones import SHANGHAI

NOW = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 12:00 in China


def terminal_ids(conn) -> list[str]:
    return sorted(conn.execute(select(terminals.c.id)).scalars())


def event(conn, terminal: int, days_ago: float, event_type: str, props: dict) -> dict:
    return {
        "terminal_id": terminal_ids(conn)[terminal],
        "event_id": str(uuid.uuid4()),
        "type": event_type,
        "at": NOW - timedelta(days=days_ago),
        "props": props,
        "received_at": NOW,
    }


def ask(conn, query: str, who, *, category="labour", results=2, times=1) -> None:
    """``who``: (terminal index, days ago) pairs; each asks ``times`` times."""
    props = {"query": query, "results": results, "mode": "pinyin"}
    if category is not None:
        props["category"] = category
    rows = [event(conn, t, d, "search", props) for t, d in who for _ in range(times)]
    conn.execute(insert(events), rows)


def days(n: int, terminal: int = 0) -> list[tuple[int, float]]:
    return [(terminal, day) for day in range(n)]


def view(conn, article_id: str, n: int, *, days_ago: float = 1, **extra) -> None:
    props = {"article_id": article_id, "category_id": "labour", **extra}
    conn.execute(
        insert(events), [event(conn, 0, days_ago, "article.view", props) for _ in range(n)]
    )


def guide(article_id: str, *, category: str = "labour") -> dict:
    return {
        "id": article_id,
        "category_id": category,
        "title": f"示例指南 {article_id}",
        "summary": "",
        "body": "示例正文。",
        "tags": [],
        "law_refs": [],
        "media": [],
    }


def hot(conn) -> dict[str, list[str]]:
    return computed_hot_questions(conn, zone=SHANGHAI, now=NOW)


def test_most_asked_first_ties_by_text_and_at_most_six(hub_env):
    with writing(hub_env.engine) as conn:
        ask(conn, "加班费怎么算", days(5))
        ask(conn, "工伤认定", days(4))
        ask(conn, "试用期辞退", days(3))
        ask(conn, "拖欠工资", days(3))  # same count as 试用期辞退: text order decides
        for n, question in enumerate(["社保断缴", "劳动合同", "经济补偿金", "年休假"]):
            ask(conn, question, days(3, terminal=n % 2))
        ask(conn, "离婚财产", days(4), category="marriage")
        threes = sorted(["试用期辞退", "拖欠工资", "社保断缴", "劳动合同", "经济补偿金", "年休假"])
        assert hot(conn) == {
            "labour": ["加班费怎么算", "工伤认定", *threes[:4]],
            "marriage": ["离婚财产"],
        }


def test_one_terminal_on_one_day_counts_once_whatever_it_repeats(hub_env):
    with writing(hub_env.engine) as conn:
        ask(conn, "拖欠工资", [(0, 0.1), (1, 0.1)], times=20)  # two terminals, one day: 2
        ask(conn, "加班费怎么算", [(0, 0.1), (0, 1.1), (0, 2.1)])  # one terminal, three days: 3
        assert hot(conn) == {"labour": ["加班费怎么算"]}
        ask(conn, "拖欠工资", [(1, 5)])  # a third terminal-day
        assert hot(conn) == {"labour": sorted(["加班费怎么算", "拖欠工资"])}  # 3 each: by text


def test_threshold_window_results_and_category(hub_env):
    with writing(hub_env.engine) as conn:
        ask(conn, "两次不够", days(2))
        ask(conn, "太久以前", [(0, 91), (0, 95), (1, 100)])
        ask(conn, "什么都没找到", days(4), results=0)
        ask(conn, "没有分类", days(4), category=None)
        ask(conn, "刚好三次", [(0, 89), (1, 89), (0, 0)])
        assert hot(conn) == {"labour": ["刚好三次"]}


def test_queries_are_normalised_before_counting(hub_env):
    with writing(hub_env.engine) as conn:
        ask(conn, " 拖欠  工资 ", [(0, 0)])
        ask(conn, "拖欠\u3000工资", [(0, 1)])  # ideographic space: NFKC makes it a space
        ask(conn, "拖欠 工资", [(1, 0)])
        ask(conn, "ＡＢＣ公司欠薪", days(3))  # full-width letters become ASCII
        assert hot(conn) == {"labour": ["ABC公司欠薪", "拖欠 工资"]}


PERSONAL = [
    "我电话13800138000",
    "身份证510104199001011234",
    "欠我２００００元",  # full-width digits: a run of 5 after NFKC
    "打138 0013 8000找我",
    "电话028-8765-4321",
    "幺三八一二三四五六七八",
    "一三八零零一三八零零零",
    "我叫王小明被欠工资",
    "我的名字是李华",
    "张先生欠我工资",
    "刘女士不还钱",
    "王老板拖欠工资",
    "陈某借钱不还",
    "人民路12号房子拆迁",
    "3栋502室漏水",
    "联系me@example.com",
    "看www.example.cn",
    "电话***怎么办",
]
FINE = ["拖欠工资怎么办", "工资拖了3个月没发", "被狗咬了找谁", "借了1万块不还", "老板不给工钱"]


@pytest.mark.parametrize("query", PERSONAL)
def test_nothing_that_may_be_personal_becomes_a_hot_question(hub_env, query):
    with writing(hub_env.engine) as conn:
        ask(conn, query, days(6))
        assert hot(conn) == {}


def test_ordinary_questions_with_small_numbers_pass(hub_env):
    with writing(hub_env.engine) as conn:
        for question in FINE:
            ask(conn, question, days(3))
        ask(conn, "lihun", days(3))  # letters only: no readable question
        assert hot(conn) == {"labour": sorted(FINE)}


def test_most_read_published_guides_of_each_category(hub_env):
    with writing(hub_env.engine) as conn:
        for n in range(1, 9):
            save_article(conn, guide(f"art-l{n}"))
        save_article(conn, guide("art-draft"), status="draft")
        for n in range(1, 9):
            view(conn, f"art-l{n}", 10 - n if n != 5 else 1)  # l1 9 views … l8 2, l5 1
        view(conn, "art-l8", 1)  # l8: 3 views, the same as l7 → id order
        view(conn, "art-draft", 50)
        view(conn, "art-gone", 50)
        view(conn, "art-l5", 40, days_ago=91)  # outside the window
        view(conn, "art-divorce", 2)
        view(conn, "art-l6", 1, count=30, until="2026-11-24T00:00:00+00:00")  # folded: 30 views
        assert most_read_articles(conn, now=NOW) == {
            "labour": ["art-l6", "art-l1", "art-l2", "art-l3", "art-l4", "art-l7"],
            "marriage": ["art-divorce"],
        }


def test_staff_list_replaces_the_computed_one(hub_env):
    with writing(hub_env.engine) as conn:
        ask(conn, "拖欠工资", days(4))
        ask(conn, "离婚财产", days(4), category="marriage")
        view(conn, "art-wages", 3)
        labour = conn.execute(select(categories).where(categories.c.id == "labour")).mappings()
        record = {k: v for k, v in labour.one().items() if k in ("id", "name", "name_en", "icon")}
        save_category(conn, {**record, "sort": 2, "hot_questions": ["工伤怎么认定", "欠薪找谁"]})
        assert category_highlights(conn, zone=SHANGHAI, now=NOW) == {
            "labour": Highlights(hot_questions=["工伤怎么认定", "欠薪找谁"], popular=["art-wages"]),
            "marriage": Highlights(hot_questions=["离婚财产"], popular=[]),
        }
        save_category(conn, {**record, "sort": 2, "hot_questions": []})  # cleared: computed again
        assert category_highlights(conn, zone=SHANGHAI, now=NOW)["labour"].hot_questions == [
            "拖欠工资"
        ]


def test_publish_writes_the_lists_into_category_records_and_is_deterministic(hub_env):
    with writing(hub_env.engine) as conn:
        for question in ("拖欠工资", "加班费", "工伤认定"):
            ask(conn, question, days(3))
        view(conn, "art-wages", 4)
        version = publish(conn, zone=SHANGHAI, now=NOW)
        assert version is not None
        published = {
            r.record_id: r.record
            for r in conn.execute(
                select(content_published).where(content_published.c.collection == "categories")
            )
        }
        assert published["labour"]["hot_questions"] == ["加班费", "工伤认定", "拖欠工资"]
        assert published["labour"]["popular"] == ["art-wages"]
        assert published["marriage"]["hot_questions"] == published["marriage"]["popular"] == []
        assert (
            publish(conn, zone=SHANGHAI, now=NOW) is None
        )  # the same usage: the same records, no new version
        assert (
            publish(conn, zone=SHANGHAI, now=NOW + timedelta(days=120)) == version + 1
        )  # usage aged out
    with reading(hub_env.engine) as conn:
        later = current_records(conn, zone=SHANGHAI, now=NOW + timedelta(days=120))
    assert {c["id"]: c["hot_questions"] for c in later["categories"]} == {
        "labour": [],
        "marriage": [],
    }


HUGE = int("1" + "0" * 400)
POISONED_SEARCHES = [
    {"query": "\ud800拖欠工资", "results": 2, "category": "labour"},
    {"query": "拖欠工资", "results": 2, "category": "\udfff"},
    {"query": "拖欠工资", "results": HUGE, "category": "labour", "count": 10**15, "until": "x"},
    {"query": "加班费", "results": "9" * 400, "category": "labour"},
    {"query": ["加班费"], "results": 2, "category": "labour"},
    {"query": "加班费", "results": 2, "category": ["labour"]},
    {"query": "加班费" * 5000, "results": 2, "category": "labour"},
    {"query": "加班费", "results": True, "category": "labour"},
    {"query": "加班费", "results": {"n": 2}, "category": "labour"},
    {"query": "加班费", "results": -HUGE, "category": "labour"},
]
POISONED_VIEWS = [
    {"article_id": "art-wages", "count": 10**15},
    {"article_id": "art-wages", "count": HUGE},
    {"article_id": "art-wages", "count": -5},
    {"article_id": ["art-wages"]},
    {"article_id": "\udfffart-wages"},
    {"id": {"article": "art-wages"}},
]


def test_publish_survives_poisoned_rows(hub_env):
    """Rows older hubs stored (huge numbers, lone surrogates, wrong types, a far-future time)
    neither break the publish step nor count beyond what they are."""
    with writing(hub_env.engine) as conn:
        ask(conn, "拖欠工资", days(3))
        view(conn, "art-wages", 2)
        view(conn, "art-divorce", 3)
        # each on a day of its own: counted as found, 加班费 would have askers enough
        rows = [event(conn, 1, n + 1, "search", p) for n, p in enumerate(POISONED_SEARCHES)]
        rows += [event(conn, 1, 1, "article.view", props) for props in POISONED_VIEWS]
        rows += [
            event(conn, 1, 1, kind, ["not", "a", "dict"]) for kind in ("search", "article_view")
        ]
        far = {
            **event(conn, 1, 0, "search", {"query": "加班费", "results": 2, "category": "labour"})
        }
        for year_end in (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)):
            rows.append({**far, "event_id": str(uuid.uuid4()), "at": year_end})
            rows.append(
                {
                    **far,
                    "event_id": str(uuid.uuid4()),
                    "type": "article.view",
                    "props": {"article_id": "art-divorce", "count": 50},
                    "at": year_end,
                }
            )
        conn.execute(insert(events), rows)
        assert publish(conn, zone=SHANGHAI, now=NOW) is not None
        published = {
            r.record_id: r.record
            for r in conn.execute(
                select(content_published).where(content_published.c.collection == "categories")
            )
        }
    assert published["labour"]["hot_questions"] == ["拖欠工资"]
    assert published["labour"]["popular"] == ["art-wages"]
    assert published["marriage"]["popular"] == ["art-divorce"]
