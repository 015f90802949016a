"""GET /content?paged=true: a change set of any size as signed pages, with a pinned version."""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from contract.demo.synthetic import institutions as synthetic_institutions
from hub.core.db import reading, writing
from hub.crud.content import changes_since
from hub.crud.content_pages import content_page
from hub.crud.publish import publish
from hub.crud.records import load_content
from hub.main import create_app
from hub.models.tables import institutions
from tests.support.hub_terminals import enroll
from tests.support.zones import SHANGHAI

PAGE_BYTES = 6_000
PLACES = 120


def verified(answer, public_key: str) -> dict:
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
    key.verify(base64.b64decode(answer.headers["X-Signature"]), answer.content)
    return json.loads(answer.content)


@pytest.fixture
def big(hub_env, demo):
    """The demo plus PLACES synthetic places published as version 2, served with small pages."""
    with writing(hub_env.engine) as conn:
        load_content(conn, {"institutions": synthetic_institutions(PLACES)})
        assert publish(conn, zone=SHANGHAI) == 2
    settings = hub_env.settings.model_copy(update={"content_page_bytes": PAGE_BYTES})
    with TestClient(create_app(settings, engine=hub_env.engine)) as client:
        code = demo.codes[next(iter(demo.codes))]
        enrolled = enroll(client, code)
        yield client, {**enrolled, "headers": {"Authorization": f"Bearer {enrolled['token']}"}}


def all_pages(client, terminal, since, **params):
    """Every page of ``since`` → latest, following ``next``; each verified against the hub key."""
    pages, after, version = [], None, None
    while True:
        query = {"since": since, "paged": "true", **params}
        if version is not None:
            query.update(version=version, after=after)
        answer = client.get("/api/v1/content", params=query, headers=terminal["headers"])
        assert answer.status_code == 200, answer.text
        body = verified(answer, terminal["public_key"])
        assert body["page"]["after"] == after
        pages.append((answer, body))
        version, after = body["version"], body["page"]["next"]
        if after is None:
            return pages


def merged(pages) -> dict:
    out: dict = {}
    for _answer, body in pages:
        for collection, part in body["changes"].items():
            target = out.setdefault(collection, {"upsert": [], "delete": []})
            target["upsert"] += part["upsert"]
            target["delete"] += part["delete"]
    return out


def test_pages_from_zero_hold_exactly_the_whole_answer(big, hub_env):
    client, terminal = big
    pages = all_pages(client, terminal, 0)
    whole = verified(
        client.get("/api/v1/content?since=0", headers=terminal["headers"]), terminal["public_key"]
    )
    assert "page" not in whole  # older terminals get the answer they know
    assert len(pages) > 5
    assert {b["version"] for _, b in pages} == {whole["version"]} == {2}
    pieces = merged(pages)
    assert {c: pieces[c] for c in sorted(pieces)} == {
        c: whole["changes"][c] for c in sorted(whole["changes"])
    }
    ids = [r["id"] for r in pieces["institutions"]["upsert"]]
    assert len(ids) == len(set(ids)) == PLACES + 2
    # bounded by bytes: every page's records fit PAGE_BYTES unless one record alone is larger
    for answer, body in pages:
        records = [r for part in body["changes"].values() for r in part["upsert"]]
        record_bytes = sum(
            len(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()) for r in records
        )
        assert record_bytes <= PAGE_BYTES or len(records) == 1
        assert len(answer.content) < PAGE_BYTES + 1_000 or len(records) == 1


def test_a_pinned_version_is_served_the_same_after_newer_publishes(big, hub_env):
    client, terminal = big
    before = merged(all_pages(client, terminal, 0))
    with writing(hub_env.engine) as conn:
        changed = sorted(r.id for r in conn.execute(institutions.select().limit(3)))
        conn.execute(
            update(institutions).where(institutions.c.id == changed[0]).values(name="示例新名称")
        )
        conn.execute(delete(institutions).where(institutions.c.id == changed[1]))
        assert publish(conn, zone=SHANGHAI) == 3
    with reading(hub_env.engine) as conn:
        at_two = content_page(conn, since=0, version=2, after=None, max_bytes=None).changes
        at_three = changes_since(conn, 0, 3)
        delta = changes_since(conn, 2, 3)
    assert {c: at_two[c] for c in before} == before  # rebuilt from the change log, same records
    assert changed[1] not in [r["id"] for r in at_three["institutions"]["upsert"]]
    assert delta["institutions"]["delete"] == [changed[1]]
    assert [r["id"] for r in delta["institutions"]["upsert"]] == [changed[0]]
    # the pages of version 2 asked now, over HTTP, after version 3 exists: the same records
    first = client.get(
        "/api/v1/content",
        params={"since": 0, "paged": "true", "version": 2},
        headers=terminal["headers"],
    )
    assert verified(first, terminal["public_key"])["version"] == 2


def test_delta_pages_carry_deletes_and_upserts(big, hub_env):
    client, terminal = big
    with writing(hub_env.engine) as conn:
        ids = sorted(r.id for r in conn.execute(institutions.select()))[:40]
        conn.execute(delete(institutions).where(institutions.c.id.in_(ids[:20])))
        conn.execute(
            update(institutions).where(institutions.c.id.in_(ids[20:])).values(hours="全天")
        )
        assert publish(conn, zone=SHANGHAI) == 3
    client.app.state.hub.content_cache.pop("latest", None)
    pages = merged(all_pages(client, terminal, 2))
    assert sorted(pages["institutions"]["delete"]) == ids[:20]
    assert sorted(r["id"] for r in pages["institutions"]["upsert"]) == ids[20:]


@pytest.mark.parametrize(
    ("params", "status", "detail"),
    [
        (
            {"since": 0, "paged": "true", "version": 9},
            409,
            "version 9 does not exist (latest is 2)",
        ),
        ({"since": 2, "paged": "true", "version": 2}, 422, "version 2 must be newer than since 2"),
        ({"since": 1, "paged": "true", "version": 1}, 422, "version 1 must be newer than since 1"),
        ({"since": 0, "version": 2}, 422, "version and after are page parameters: send paged=true"),
        (
            {"since": 0, "after": "institutions:x"},
            422,
            "version and after are page parameters: send paged=true",
        ),
        (
            {"since": 0, "paged": "true", "version": 2, "after": "nothing:x"},
            422,
            "after must be a cursor of the form collection:record_id from a page",
        ),
        (
            {"since": 0, "paged": "true", "version": 2, "after": "institutions:a b"},
            422,
            "after must be a cursor of the form collection:record_id from a page",
        ),
        ({"since": 7, "paged": "true"}, 409, "since 7 is newer than the hub's content version 2"),
    ],
)
def test_page_requests_that_name_nothing_real_are_refused(big, params, status, detail):
    client, terminal = big
    answer = client.get("/api/v1/content", params=params, headers=terminal["headers"])
    assert (answer.status_code, answer.json()["detail"]) == (status, detail)


def test_signed_bodies_are_cached_within_the_byte_bound(big):
    client, terminal = big
    cache = client.app.state.hub.signed_bodies
    all_pages(client, terminal, 0)
    client.get("/api/v1/content?since=0", headers=terminal["headers"])
    client.get("/api/v1/content?since=1", headers=terminal["headers"])
    assert 0 < cache.total_bytes <= cache.max_bytes
    keys = list(cache._entries)
    signer = client.app.state.hub.key_id  # bodies are cached per signing key (key rotation)
    assert ("full", signer, 0, 2) in keys and ("full", signer, 1, 2) in keys
    assert all(k[1] == signer and k[2] in (0, 1) and k[3] == 2 for k in keys)  # versions that exist
