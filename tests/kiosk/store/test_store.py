import copy
import hashlib
import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from kiosk.errors import ContentRejected, StoreError
from kiosk.store import ContentStore
from tests.support.content_fixtures import ARTICLES, STAMP, article, demo_changes


def test_open_creates_a_wal_database_and_migrates_once(tmp_path):
    data = tmp_path / "new" / "data"
    with ContentStore.open(data) as first:
        assert first.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        applied = [
            r[0] for r in first.db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
        ]
    with ContentStore.open(data) as second:
        again = [
            r[0] for r in second.db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
        ]
        assert second.content_version() == 0
        assert second.integrity_check() == "ok"
    assert (
        applied
        == again
        == [
            "m001_content_tables",
            "m002_search_index",
            "m003_covering_position_index",
            "m004_search_table_per_field",
            "m005_article_review_by",
            "m006_synonyms",
            "m007_category_highlights",
            "m013_contentless_index",
            "m014_sync_cursor",
        ]
    )


def test_open_a_folder_that_is_a_file_raises_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        ContentStore.open(blocker)


def test_reads_return_the_records_as_applied(store):
    assert [(c["id"], c["count"]) for c in store.categories_with_counts()] == [
        ("family", 2),
        ("labour", 2),
        ("land", 2),
    ]
    assert [a["id"] for a in store.articles_in_category("family")] == ["a-divorce", "a-custody"]
    assert store.article("a-divorce") == ARTICLES[0]
    assert store.article("nope") is None
    assert store.article(None) is None
    assert store.institution("i-firm")["name"] == "示例律师事务所"
    assert store.institution("i-firm")["services"] == ["法律咨询"]
    assert "lat_w" not in store.institution("i-firm")
    assert [i["id"] for i in store.institutions(type="law_firm")] == ["i-firm", "i-far"]
    assert len(store.institutions()) == 4
    assert [a["id"] for a in store.advisers()] == ["v-wang"]
    assert [a["id"] for a in store.advisers_for("示例村")] == ["v-wang"]
    assert store.advisers_for("别的村") == []
    assert store.adviser("v-wang")["duty_hours"] == [
        {"weekday": 4, "start": "14:00", "end": "17:00"}
    ]
    assert store.content_version() == 1
    assert store.integrity_check() == "ok"


def test_announcements_follow_their_time_window(empty_store):
    items = [
        {
            "id": "now",
            "title": "本周五下午律师值班",
            "body": "",
            "starts_at": "2026-03-01T00:00:00+08:00",
            "ends_at": "2026-03-31T00:00:00+08:00",
            "updated_at": STAMP,
        },
        {
            "id": "always",
            "title": "12348 热线",
            "body": "",
            "starts_at": None,
            "ends_at": None,
            "updated_at": STAMP,
        },
        {
            "id": "past",
            "title": "旧通知",
            "body": "",
            "starts_at": None,
            "ends_at": "2026-01-01T00:00:00+08:00",
            "updated_at": STAMP,
        },
    ]
    empty_store.apply({"announcements": {"upsert": items}}, version=1)
    march = datetime(2026, 3, 10, 12, tzinfo=UTC)
    assert [a["id"] for a in empty_store.announcements(now=march)] == ["now", "always"]
    assert [a["id"] for a in empty_store.announcements(now=datetime(2026, 5, 1, tzinfo=UTC))] == [
        "always"
    ]


def test_apply_updates_and_deletes_and_counts(store):
    changed = dict(ARTICLES[1], title="抚养费的新算法")
    summary = store.apply(
        {
            "articles": {"upsert": [changed], "delete": ["a-loan-body"]},
            "institutions": {"delete": ["i-far"]},
        },
        version=2,
    )
    assert summary == {
        "institutions": {"upsert": 0, "delete": 1},
        "articles": {"upsert": 1, "delete": 1},
    }
    assert store.article("a-custody")["title"] == "抚养费的新算法"
    assert store.article("a-loan-body") is None
    assert store.institution("i-far") is None
    assert store.content_version() == 2
    assert store.integrity_check() == "ok"


def _snapshot(store):
    tables = [
        "categories",
        "articles",
        "institutions",
        "advisers",
        "vocabulary",
        "article_vocab",
        "search_docs",
        "meta",
    ]
    return {t: store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables} | {
        f: index_instances(store, f) for f in ("title", "tags", "summary", "body")
    }


def index_instances(store, field: str) -> list[tuple]:
    """Every (term, document, offset) the contentless FTS5 table of ``field`` holds."""
    store.db.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances_{field}"
        f" USING fts5vocab(main, search_{field}, 'instance')"
    )
    return store.db.execute(
        f"SELECT term, doc, offset FROM temp.instances_{field} ORDER BY 1, 2, 3"
    ).fetchall()


BAD_UPDATES = [
    pytest.param([], id="not-an-object"),
    pytest.param({"weather": {"upsert": []}}, id="unknown-collection"),
    pytest.param({"articles": {"upsert": [], "replace": []}}, id="unknown-operation"),
    pytest.param({"articles": {"upsert": "x"}}, id="upsert-not-a-list"),
    pytest.param({"articles": {"upsert": [dict(ARTICLES[0], title="")]}}, id="empty-title"),
    pytest.param({"articles": {"upsert": [dict(ARTICLES[0], colour="red")]}}, id="unknown-field"),
    pytest.param({"articles": {"upsert": [ARTICLES[0], ARTICLES[0]]}}, id="duplicate-id"),
    pytest.param(
        {"articles": {"upsert": [ARTICLES[0]], "delete": ["a-divorce"]}}, id="upsert-and-delete"
    ),
    pytest.param({"articles": {"delete": ["bad id!"]}}, id="bad-delete-id"),
    pytest.param(
        {"articles": {"upsert": [dict(ARTICLES[0], category_id="nowhere")]}}, id="missing-category"
    ),
    pytest.param({"categories": {"delete": ["family"]}}, id="category-still-used"),
    pytest.param(
        {
            "articles": {"upsert": [article("a-new", "family", "新文章", "正文")]},
            "institutions": {"upsert": [{"id": "x"}]},
        },
        id="one-bad-record-among-good",
    ),
]


@pytest.mark.parametrize("changes", BAD_UPDATES)
def test_a_bad_update_is_rejected_and_changes_nothing(store, changes):
    before = _snapshot(store)
    with pytest.raises(ContentRejected):
        store.apply(copy.deepcopy(changes), version=2)
    assert _snapshot(store) == before
    assert store.integrity_check() == "ok"


@pytest.mark.parametrize("version", [0, -1, True, "3", 1.5, None])
def test_an_older_or_malformed_version_is_rejected(store, version):
    before = _snapshot(store)
    with pytest.raises(ContentRejected):
        store.apply({"articles": {"delete": ["a-divorce"]}}, version=version)
    assert _snapshot(store) == before


def test_meta_round_trip(empty_store):
    assert empty_store.meta("hub_etag") is None
    empty_store.set_meta("hub_etag", "W/abc")
    assert empty_store.meta("hub_etag") == "W/abc"
    assert empty_store.integrity_check() == "ok"


def test_media_is_stored_by_hash(store):
    data = b"\x89PNG fake image bytes"
    sha = hashlib.sha256(data).hexdigest()
    store.apply(
        {
            "media": {
                "upsert": [{"id": sha, "mime": "image/png", "size": len(data), "name": "x.png"}]
            }
        },
        version=2,
    )
    assert store.media_path(sha) is None  # indexed, not downloaded yet
    path = store.save_media(sha, data)
    assert path == store.data_dir / "media" / sha
    assert store.media_path(sha) == path and path.read_bytes() == data
    with pytest.raises(ContentRejected):
        store.save_media(sha, b"tampered")
    assert path.read_bytes() == data
    assert store.media_path("../../etc/passwd") is None
    store.apply({"media": {"delete": [sha]}}, version=3)
    assert store.media_path(sha) is None and not path.exists()
    assert store.integrity_check() == "ok"


def test_reader_thread_sees_whole_versions_while_a_writer_applies(tmp_path):
    """The UI thread keeps reading committed content on its own connection during an update."""
    data = tmp_path / "data"
    writer_store = ContentStore.open(data)
    writer_store.apply(demo_changes(), version=1)
    reader_store = ContentStore.open(data)
    seen, errors, stop = set(), [], threading.Event()

    def read():
        try:
            while not stop.is_set():
                with reader_store.snapshot():
                    version = reader_store.content_version()
                    count = sum(c["count"] for c in reader_store.categories_with_counts())
                seen.add((version, count))
        except Exception as exc:  # noqa: BLE001 - report any failure of the reader thread
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for version in range(2, 12):
            extra = [
                article(f"a-extra-{version}-{n}", "family", f"补充文章{n}", "离婚的补充说明。" * 50)
                for n in range(40)
            ]
            writer_store.apply({"articles": {"upsert": extra}}, version=version)
    finally:
        stop.set()
        reader.join(timeout=60)
    assert errors == []
    assert all(count == 6 + 40 * (version - 1) for version, count in seen), sorted(seen)
    assert len(seen) >= 2  # the reader really ran during the update
    assert writer_store.integrity_check() == "ok"
    reader_store.close()
    writer_store.close()


def test_each_thread_gets_its_own_connection(store):
    found = []
    thread = threading.Thread(target=lambda: found.append(store.db.conn))
    thread.start()
    thread.join()
    assert found[0] is not store.db.conn
    assert isinstance(found[0], sqlite3.Connection)


def test_a_file_that_is_not_a_database_gives_store_error(tmp_path):
    (tmp_path / "content.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        ContentStore.open(tmp_path)


def test_connections_of_finished_threads_are_closed(store):
    for _ in range(5):
        thread = threading.Thread(target=lambda: store.content_version())
        thread.start()
        thread.join()
    store.content_version()  # this thread's connection already exists
    thread = threading.Thread(target=lambda: store.content_version())
    thread.start()
    thread.join()
    assert len(store._connections) <= 3


def test_a_store_of_the_first_search_schema_is_upgraded_and_reindexed(tmp_path):
    import json

    import sqlite_utils

    from kiosk.search import search
    from kiosk.search.tokens import index_tokens
    from kiosk.store.schema import migrations
    from tests.support.content_fixtures import CATEGORIES

    db = sqlite_utils.Database(tmp_path / "content.db")
    migrations.apply(db, stop_before="m003_covering_position_index")
    old = ARTICLES[0]
    db["categories"].insert(CATEGORIES[0])
    old_row = {k: v for k, v in old.items() if k != "review_by"}  # the first schema has none
    db["articles"].insert(dict(old_row, tags=json.dumps(old["tags"]), law_refs="[]", media="[]"))
    db.execute("INSERT INTO search_docs (doc, article_id) VALUES (7, ?)", (old["id"],))
    db.execute(
        "INSERT INTO search_fts (rowid, title, tags, summary, body) VALUES (7, ?, ?, ?, ?)",
        tuple(
            index_tokens(t)
            for t in (old["title"], " ".join(old["tags"]), old["summary"], old["body"])
        ),
    )
    db.conn.commit()
    db.close()
    with ContentStore.open(tmp_path) as store:
        assert [r["id"] for r in search(store, "冷静期")] == ["a-divorce"]
        assert [r["id"] for r in search(store, "婚姻登记")] == ["a-divorce"]
        names = {
            r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert "search_fts" not in names and "search_title" in names
        assert store.integrity_check() == "ok"


def test_a_store_before_the_contentless_index_is_converted(tmp_path):
    import json

    import sqlite_utils

    from kiosk.search import search
    from kiosk.search.tokens import index_tokens
    from kiosk.store.schema import migrations
    from tests.support.content_fixtures import CATEGORIES

    db = sqlite_utils.Database(tmp_path / "content.db")
    migrations.apply(db, stop_before="m013_contentless_index")
    old = ARTICLES[0]
    db["categories"].insert(CATEGORIES[0])
    db["articles"].insert(dict(old, tags=json.dumps(old["tags"]), law_refs="[]", media="[]"))
    db.execute("INSERT INTO search_docs (doc, article_id) VALUES (3, ?)", (old["id"],))
    texts = {"title": old["title"], "tags": " \n ".join(old["tags"]), "summary": old["summary"],
             "body": old["body"]}  # fmt: skip
    for field, text in texts.items():
        db.execute(
            f"INSERT INTO search_{field} (rowid, tokens) VALUES (3, ?)", (index_tokens(text),)
        )
    db.execute(
        "INSERT INTO article_words (article_id, word, n) VALUES (?, '离婚', 4), (?, '冷静期', 1)",
        (old["id"], old["id"]),
    )
    db.conn.commit()
    db.close()
    with ContentStore.open(tmp_path) as store:
        assert [r["id"] for r in search(store, "冷静期")] == ["a-divorce"]
        held = store.db.execute("SELECT article_id, words FROM article_vocab").fetchall()
        assert [(a, json.loads(w)) for a, w in held] == [(old["id"], {"离婚": 4, "冷静期": 1})]
        assert store.db.execute("SELECT tokens FROM search_body").fetchall() == [(None,)]
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert "article_words" not in tables and "search_body_content" not in tables
        assert store.integrity_check() == "ok"


def test_updates_and_deletes_leave_the_index_a_fresh_build_would_have(tmp_path):
    """The contentless index forgets a row only given its exact tokens: after changing and
    deleting guides, every term instance equals that of a store built from the result."""
    changed = [dict(a, body=a["body"] + "新增的一段话，关于工资和加班。") for a in ARTICLES[:2]]
    kept = changed + ARTICLES[3:]
    with ContentStore.open(tmp_path / "updated") as updated:
        updated.apply(demo_changes(), version=1)
        updated.apply({"articles": {"upsert": changed, "delete": [ARTICLES[2]["id"]]}}, version=2)
        with ContentStore.open(tmp_path / "fresh") as fresh:
            fresh.apply({**demo_changes(), "articles": {"upsert": kept}}, version=2)
            for field in ("title", "tags", "summary", "body"):
                assert _terms_by_article(updated, field) == _terms_by_article(fresh, field), field
            assert updated.db.execute("SELECT * FROM vocabulary ORDER BY word").fetchall() == (
                fresh.db.execute("SELECT * FROM vocabulary ORDER BY word").fetchall()
            )
        for field in ("title", "tags", "summary", "body"):
            updated.db.execute(
                f"INSERT INTO search_{field} (search_{field}) VALUES ('integrity-check')"
            )


def _terms_by_article(store, field: str) -> list[tuple]:
    ids = dict(store.db.execute("SELECT doc, article_id FROM search_docs").fetchall())
    return sorted((term, ids[doc], offset) for term, doc, offset in index_instances(store, field))
