"""A guide's review-by date and the status of the laws it cites survive a content update."""

from __future__ import annotations

import json

import pytest
import sqlite_utils

from kiosk.errors import ContentRejected
from kiosk.store import ContentStore
from kiosk.store.schema import migrations
from tests.support.content_fixtures import CATEGORIES, STAMP

GUIDE = {
    "id": "a-divorce",
    "category_id": "family",
    "title": "协议离婚怎么办",
    "body": "夫妻双方自愿离婚的，可以到婚姻登记机关申请登记。",
    "law_refs": [
        {"law": "《中华人民共和国民法典》", "article": "第一千零七十六条"},
        {
            "law": "某某省婚姻登记办法",
            "article": "第五条",
            "status": "amended",
            "effective": "2024-03-01",
        },
    ],
    "review_by": "2027-06-30",
    "updated_at": STAMP,
}


def test_review_by_and_law_status_are_stored_and_read_back(tmp_path):
    with ContentStore.open(tmp_path) as store:
        store.apply(
            {"categories": {"upsert": CATEGORIES}, "articles": {"upsert": [GUIDE]}}, version=1
        )
        held = store.article("a-divorce")
        assert held["review_by"] == "2027-06-30"
        assert held["law_refs"] == [
            {
                "law": "《中华人民共和国民法典》",
                "article": "第一千零七十六条",
                "status": "in_force",
                "effective": "2021-01-01",
            },
            {
                "law": "某某省婚姻登记办法",
                "article": "第五条",
                "status": "amended",
                "effective": "2024-03-01",
            },
        ]
        # A later update that changes only the date keeps the laws and stores the new date.
        store.apply({"articles": {"upsert": [{**GUIDE, "review_by": "2028-01-31"}]}}, version=2)
        assert store.article("a-divorce")["review_by"] == "2028-01-31"
        assert store.article("a-divorce")["law_refs"][0]["effective"] == "2021-01-01"


def test_an_update_with_a_guide_citing_a_repealed_law_changes_nothing(tmp_path):
    with ContentStore.open(tmp_path) as store:
        store.apply(
            {"categories": {"upsert": CATEGORIES}, "articles": {"upsert": [GUIDE]}}, version=1
        )
        repealed = {**GUIDE, "law_refs": [{"law": "中华人民共和国婚姻法", "article": "第三十一条"}]}
        with pytest.raises(ContentRejected, match="articles.law_refs"):
            store.apply({"articles": {"upsert": [repealed]}}, version=2)
        assert store.content_version() == 1
        assert store.article("a-divorce")["law_refs"][0]["law"] == "《中华人民共和国民法典》"


def test_a_store_from_before_review_dates_is_upgraded_in_place(tmp_path):
    db = sqlite_utils.Database(tmp_path / "content.db")
    migrations.apply(db, stop_before="m005_article_review_by")
    db["categories"].insert(CATEGORIES[0])
    old = {k: v for k, v in GUIDE.items() if k != "review_by"}
    db["articles"].insert(
        dict(
            old,
            summary="",
            tags="[]",
            law_refs=json.dumps(old["law_refs"][:1]),
            media="[]",
            status="published",
        )
    )
    db.close()
    with ContentStore.open(tmp_path) as store:
        held = store.article("a-divorce")
        assert held["review_by"] == ""
        assert held["law_refs"] == [
            {"law": "《中华人民共和国民法典》", "article": "第一千零七十六条"}
        ]
        store.apply({"articles": {"upsert": [GUIDE]}}, version=1)
        assert store.article("a-divorce")["review_by"] == "2027-06-30"
