import sqlite3

import pytest

from kiosk.search import HIGHLIGHT, search
from kiosk.store import ContentStore
from tests.support.content_fixtures import ARTICLES, article, category

KEYS = ["id", "title", "category", "snippet", "score", "match"]


def ids(results):
    return [r["id"] for r in results]


def test_sqlite_trigram_alone_cannot_find_two_character_words():
    """Why the index is built from bigrams: trigram FTS silently finds nothing for 离婚."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')")
    conn.execute("INSERT INTO t VALUES ('夫妻双方自愿离婚的，可以登记')")
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH '离婚'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM t WHERE t MATCH '自愿离婚'").fetchone()[0] == 1


def good(results):
    return [r["id"] for r in results if r["match"] == "good"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("离婚", ["a-divorce", "a-custody", "a-loan-body"]),
        ("工资", ["a-wages", "a-injury"]),
        ("欠薪", ["a-wages"]),
        ("宅基地", ["a-homestead"]),
        ("工伤赔偿", ["a-injury"]),
        ("薪", ["a-wages", "a-injury"]),
        ("宅", ["a-homestead"]),
        ("离婚 借条", ["a-loan-body"]),
    ],
)
def test_words_of_any_length_are_found_anywhere(store, query, expected):
    results = search(store, query)
    assert ids(results)[0] == expected[0]
    assert set(expected) <= set(good(results))
    assert all(list(r) == KEYS for r in results)


@pytest.mark.parametrize("query", ["ＡＢＣ", "12348", "护照", "股票"])
def test_words_the_content_lacks_find_nothing(store, query):
    assert search(store, query) == []


def test_the_exact_phrase_ranks_first(tmp_path):
    articles = [
        article("words-apart", "c", "冷静的离婚", "离婚前要冷静，想清楚期限。"),
        article("phrase", "c", "登记须知", "登记后有离婚冷静期，为三十日。"),
    ]
    with ContentStore.open(tmp_path) as s:
        s.apply(
            {
                "categories": {"upsert": [category("c", "婚姻家庭")]},
                "articles": {"upsert": articles},
            },
            version=1,
        )
        assert ids(search(s, "离婚冷静期")) == ["phrase", "words-apart"]
        # without the phrase, the title wins
        assert ids(search(s, "冷静 离婚"))[0] == "words-apart"


def test_a_guide_covering_the_question_outranks_one_sharing_a_common_character(store):
    results = search(store, "借钱给亲戚不还")
    assert ids(results)[0] == "a-loan-body"
    assert good(results) == ["a-loan-body"]


def test_question_frames_and_function_words_are_not_searched(store):
    plain = ids(search(store, "工伤"))
    for question in ("工伤怎么办", "我的工伤能不能赔呢", "请问工伤了怎么办啊"):
        assert ids(search(store, question))[0] == plain[0]
    assert search(store, "怎么办") == []
    assert search(store, "我的了吗呢") == []


def test_synonyms_lead_colloquial_words_to_the_content_words(store):
    """工钱 and 打欠条 are in no guide; the seed synonyms lead them to 工资 and 借条."""
    assert good(search(store, "工钱"))[0] == "a-wages"
    assert good(search(store, "打欠条")) == ["a-loan-body"]
    assert good(search(store, "老板不给工钱怎么办"))[0] == "a-wages"


def test_pinyin_and_initials_find_the_divorce_guides(store):
    by_chinese = ids(search(store, "离婚"))
    assert ids(search(store, "lihun")) == by_chinese
    assert ids(search(store, "LiHun")) == by_chinese
    assert "a-divorce" in ids(search(store, "lh"))
    assert ids(search(store, "gongzi")) == ids(search(store, "工资"))


def test_result_rows_carry_category_name_and_a_highlighted_snippet(store):
    first = search(store, "离婚")[0]
    assert first["title"] == "协议离婚怎么办"
    assert first["category"] == "婚姻家庭"
    assert (
        first["snippet"]
        == "夫妻双方自愿【离婚】的，可以到婚姻登记机关申请登记。离婚冷静期为三十日。"
    )
    assert first["match"] == "good"
    body_hit = next(r for r in search(store, "冷静期") if r["id"] == "a-divorce")
    assert HIGHLIGHT[0] + "冷静期" + HIGHLIGHT[1] in body_hit["snippet"]
    assert body_hit["match"] == "good"


def test_snippet_is_cut_around_a_match_deep_in_a_long_body(tmp_path):
    body = "前言。" * 200 + "关于宅基地的说明在这里。" + "后记。" * 200
    with ContentStore.open(tmp_path) as s:
        s.apply(
            {
                "categories": {"upsert": [category("land", "房产土地")]},
                "articles": {"upsert": [article("long", "land", "长文章", body)]},
            },
            version=1,
        )
        (hit,) = search(s, "宅基地")
    assert hit["snippet"].startswith("…") and hit["snippet"].endswith("…")
    assert "【宅基地】" in hit["snippet"]
    assert len(hit["snippet"]) <= 60


def test_ranking_is_title_then_tags_then_summary_then_body(tmp_path):
    filler = "这是一段说明文字。"
    articles = [
        article("in-body", "c", "第四篇", filler + "调解" * 30, summary="无关"),
        article("in-summary", "c", "第三篇", filler, summary="关于调解"),
        article("in-tags", "c", "第二篇", filler, tags=["调解"]),
        article("in-title", "c", "人民调解", filler),
        article("nowhere", "c", "第五篇", filler),
    ]
    with ContentStore.open(tmp_path) as s:
        s.apply(
            {
                "categories": {"upsert": [category("c", "人民调解")]},
                "articles": {"upsert": articles},
            },
            version=1,
        )
        results = search(s, "调解")
        assert ids(results) == ["in-title", "in-tags", "in-summary", "in-body"]
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4
        assert ids(search(s, "调解", limit=2)) == ["in-title", "in-tags"]


def test_terms_spread_over_fields_match_below_terms_together_in_a_strong_field(tmp_path):
    articles = [
        article("spread", "c", "婚姻问题", "关于财产的说明。"),
        article("together", "c", "婚姻财产", "婚姻中的财产分割。"),
        article("one-only", "c", "其他", "婚姻登记。"),
    ]
    with ContentStore.open(tmp_path) as s:
        s.apply(
            {
                "categories": {"upsert": [category("c", "婚姻家庭")]},
                "articles": {"upsert": articles},
            },
            version=1,
        )
        results = search(s, "婚姻 财产")
    assert ids(results) == ["together", "spread", "one-only"]
    assert [r["match"] for r in results] == ["good", "good", "related"]


def test_related_results_always_follow_the_good_ones(store):
    results = search(store, "离婚 工伤赔偿 宅基地")
    matches = [r["match"] for r in results]
    assert matches == sorted(matches, key=lambda m: m != "good")


def test_the_index_follows_updates_and_deletes(store):
    homestead = dict(ARTICLES[4], title="农村住房", body="一户一宅。", summary="", tags=["住房"])
    store.apply({"articles": {"upsert": [homestead], "delete": ["a-wages"]}}, version=2)
    assert search(store, "宅基地") == []
    assert ids(search(store, "住房")) == ["a-homestead"]
    assert search(store, "欠薪") == []
    assert ids(search(store, "工资")) == ["a-injury"]


HOSTILE = [
    "",
    " ",
    "\t\n  \u3000",
    "离" * 10_000,
    "a" * 10_000,
    '"',
    '"离婚',
    "'",
    "*",
    "离*",
    "NEAR",
    "NEAR(离婚 工资)",
    "离婚 OR 工资",
    "离婚 AND 工资",
    "离婚 NOT 工资",
    "- 离婚",
    "title:离婚",
    "{title body}: 离婚",
    "(离婚",
    ")",
    "^离婚",
    "\x00\x01\x1f\x7f",
    "离\x00婚",
    "😀",
    "😀离婚😀",
    "Ω≈ç√∫",
    "离婚abc",
    "lihun离婚",
    "مرحبا",
    "ｌｉｈｕｎ",
    "\ud800",
    "%_",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise_and_never_match_everything(store, query):
    results = search(store, query)
    assert isinstance(results, list)
    assert len(results) < len(ARTICLES)
    assert all(list(r) == KEYS for r in results)
    assert store.integrity_check() == "ok"


@pytest.mark.parametrize("query", [None, 42, b"\xe7\xa6\xbb", ["离婚"]])
def test_non_text_queries_find_nothing(store, query):
    assert search(store, query) == []


def test_empty_store_finds_nothing(empty_store):
    assert search(empty_store, "离婚") == []
    assert search(empty_store, "lh") == []
