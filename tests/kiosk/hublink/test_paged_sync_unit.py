"""The Syncer with paged answers from a small fake hub: replayed pages and refused resumes."""

from urllib.parse import parse_qs

import requests

from contract.demo.synthetic import institutions
from kiosk.hublink.client import HubClient
from kiosk.hublink.sync import Syncer
from kiosk.store import ContentStore
from tests.support.fake_http import FakeHttp, Reply
from tests.support.signed_content import CATEGORY, PUBLIC, signed_reply

PLACES = institutions(6)


def page(after, next_cursor, places):
    return {
        "version": 2,
        "since": 0,
        "changes": {
            "categories": {"upsert": [CATEGORY] if after is None else [], "delete": []},
            "institutions": {"upsert": places, "delete": []},
        },
        "page": {"after": after, "next": next_cursor},
    }


CURSOR_1 = f"institutions:{PLACES[1]['id']}"
CURSOR_3 = f"institutions:{PLACES[3]['id']}"
PAGES = {
    None: page(None, CURSOR_1, PLACES[:2]),
    CURSOR_1: page(CURSOR_1, CURSOR_3, PLACES[2:4]),
    CURSOR_3: page(CURSOR_3, None, PLACES[4:]),
}


def syncer_for(tmp_path, url, store):
    client = HubClient(url, session=requests.Session(), token="t", timeout_s=5)
    return Syncer(store=store, client=client, public_key=PUBLIC, data_dir=tmp_path)


def test_three_pages_apply_as_one_update(tmp_path):
    def hub(method, path, query, body, headers):
        return signed_reply(PAGES[parse_qs(query).get("after", [None])[0]])

    with FakeHttp(hub) as fake, ContentStore.open(tmp_path / "data") as store:
        result = syncer_for(tmp_path, fake.url, store).sync_once()
        assert (result.status, result.version) == ("updated", 2)
        assert fake.hits("/api/v1/content") == 3
        assert store.db.execute("SELECT count(*) FROM institutions").fetchone() == (6,)
        assert store.staging.count() == 0


def test_a_page_from_another_place_is_refused_and_not_kept(tmp_path):
    def hub(method, path, query, body, headers):
        after = parse_qs(query).get("after", [None])[0]
        return signed_reply(PAGES[CURSOR_3 if after == CURSOR_1 else after])  # skips a page

    with FakeHttp(hub) as fake, ContentStore.open(tmp_path / "data") as store:
        result = syncer_for(tmp_path, fake.url, store).sync_once()
        assert (result.status, result.reason) == ("rejected", "page_mismatch")
        assert store.staging.count() == 1 and store.content_version() == 0
        assert store.db.execute("SELECT count(*) FROM institutions").fetchone() == (0,)


def test_a_resume_the_hub_no_longer_serves_starts_again(tmp_path):
    refuse = {"on": False}

    def hub(method, path, query, body, headers):
        after = parse_qs(query).get("after", [None])[0]
        if after is not None and refuse["on"]:
            return Reply(409, {"detail": "version 2 does not exist (latest is 1)"})
        if after == CURSOR_3:
            return Reply(503, {"detail": "busy"})  # the network fails before the last page
        return signed_reply(PAGES[after])

    with FakeHttp(hub) as fake, ContentStore.open(tmp_path / "data") as store:
        syncer = syncer_for(tmp_path, fake.url, store)
        assert syncer.sync_once().status == "unavailable"
        assert store.staging.resume_point(0).pages == 2
        refuse["on"] = True
        assert syncer.sync_once().status == "unavailable"
        assert store.staging.count() == 0  # the next poll asks for page one again
        assert store.content_version() == 0
