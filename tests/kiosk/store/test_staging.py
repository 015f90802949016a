"""Kept pages of a large update (sync_pages, m014): resume point, and one transaction at the end."""

import pytest

from contract.demo.synthetic import institutions
from kiosk.errors import ContentRejected
from kiosk.store import ContentStore


@pytest.fixture
def store(tmp_path):
    with ContentStore.open(tmp_path / "data") as opened:
        yield opened


def keep(store, n, *, since=0, version=3):
    store.staging.add(
        since=since,
        version=version,
        after=None if n == 1 else f"institutions:p{n - 1}",
        next_cursor=f"institutions:p{n}",
        body=b'{"page": %d}' % n,
        signature=f"sig{n}",
    )


def test_resume_point_is_after_the_last_kept_page(store):
    assert store.staging.resume_point(0) is None
    keep(store, 1)
    keep(store, 2)
    point = store.staging.resume_point(0)
    assert (point.since, point.version, point.next, point.pages) == (0, 3, "institutions:p2", 2)
    assert list(store.staging.pages()) == [(b'{"page": 1}', "sig1"), (b'{"page": 2}', "sig2")]


def test_pages_kept_for_another_base_version_are_dropped(store):
    keep(store, 1, since=0)
    assert store.staging.resume_point(1) is None
    assert store.staging.count() == 0


def test_apply_pages_writes_every_page_and_empties_the_kept_ones_at_once(store):
    places = institutions(30)
    keep(store, 1)
    pages = [{"institutions": {"upsert": places[i : i + 10]}} for i in (0, 10, 20)]
    summary = store.apply_pages(iter(pages), version=3)
    assert summary == {"institutions": {"upsert": 30, "delete": 0}}
    assert store.content_version() == 3 and store.staging.count() == 0
    assert store.db.execute("SELECT count(*) FROM institutions").fetchone() == (30,)


def test_a_bad_last_page_leaves_the_content_and_the_kept_pages_as_they_were(store):
    places = institutions(20)
    keep(store, 1)
    bad = {**places[15], "lat": 999}
    pages = [
        {"institutions": {"upsert": places[:10]}},
        {"institutions": {"upsert": [*places[10:15], bad]}},
    ]
    with pytest.raises(ContentRejected):
        store.apply_pages(iter(pages), version=3)
    assert store.content_version() == 0
    assert store.db.execute("SELECT count(*) FROM institutions").fetchone() == (0,)
    assert store.staging.count() == 1  # rolled back with the rest: still there to resume
