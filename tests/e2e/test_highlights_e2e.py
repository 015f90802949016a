"""Hot questions from real usage, end to end: the kiosk records searches and guide views, the
outbox delivers them to a real hub process, staff publish, and the signed sync brings each
category's ``hot_questions`` and ``popular`` to the kiosk's store."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.e2e_steps import ROOT, deliver_usage, enroll, hub_rows, sync_here
from tests.support.hub_process import hub_process

pytestmark = pytest.mark.e2e

PUBLISH = """
import time
from hub.core.config import HubSettings
from hub.core.db import make_engine, writing
from hub.crud.publish import publish
from hub.api.routes.content import VERSION_TTL_S
settings = HubSettings.from_env()
with writing(make_engine(settings)) as conn:
    print(publish(conn, zone=settings.zone, note="e2e highlights"))
time.sleep(VERSION_TTL_S + 0.1)
"""


@pytest.fixture(scope="module")
def own_hub(tmp_path_factory):
    """A hub of its own: the usage recorded here must not reach other tests' publishes."""
    with hub_process(tmp_path_factory.mktemp("hub-highlights")) as running:
        yield running


def staff_publish(hub) -> int:
    done = subprocess.run(
        [sys.executable, "-c", PUBLISH], cwd=ROOT, env=hub.env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[0])


def record_usage(data, hub_url: str, category: str, article_id: str) -> dict:
    """Searches on three China days and guide views, recorded as the screens do, then delivered."""

    def write(make_telemetry) -> None:
        now = datetime.now(UTC)
        for days_ago in (0, 1, 2):
            telemetry = make_telemetry(clock=lambda d=days_ago: now - timedelta(days=d))
            for _ in range(3):  # one resident asking again counts once that day
                telemetry.record("search", query="老板 拖欠工资", results=2, category=category)
            telemetry.record("search", query="我电话13800138000", results=1, category=category)
            telemetry.record("article.view", article_id=article_id, category_id=category)

    return deliver_usage(data, hub_url, write)


def test_usage_becomes_signed_hot_questions_on_the_kiosk(own_hub, tmp_path):
    from kiosk.store import ContentStore

    data = tmp_path / "kiosk"
    enroll(own_hub, data, cli=False)
    assert sync_here(data, own_hub.base_url)["status"] == "updated"
    with ContentStore.open(data) as store:
        article = store.articles_in_category(store.categories_with_counts()[0]["id"])[0]
        category = article["category_id"]
        assert store.category(category)["hot_questions"] == []

    delivered = record_usage(data, own_hub.base_url, category, article["id"])
    assert delivered["delivered"] >= 15
    assert hub_rows(own_hub, "SELECT count(*) FROM events WHERE type = 'search'")[0][0] == 12

    version = staff_publish(own_hub)
    result = sync_here(data, own_hub.base_url)
    assert (result["status"], result["content_version"]) == ("updated", version)
    with ContentStore.open(data) as store:
        held = store.category(category)
        assert held["hot_questions"] == ["老板 拖欠工资"]  # never the one with a phone number
        assert held["popular"] == [article["id"]]
        assert [a["id"] for a in store.popular_articles(category_ids=[category])] == [article["id"]]
