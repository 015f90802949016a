"""A staff word, end to end: a resident's search finds nothing good on the kiosk, the hub's report
lists it with "add a word for this", staff map the word in the admin of a real hub process and
publish, the kiosk syncs, and the same search (and the on-screen keyboard) now reach the guide."""

from __future__ import annotations

import html
import re

import pytest

from tests.support.admin_app import csrf_of
from tests.support.e2e_steps import deliver_usage, enroll, sync_here
from tests.support.hub_process import hub_process
from tests.support.staff_web import staff_session

pytestmark = pytest.mark.e2e

WORD = "辛苦钱"  # in no demo guide and not in the seed synonyms
QUESTION = "辛苦钱要不回来"
WAGES = "labour-unpaid-wages"


@pytest.fixture(scope="module")
def own_hub(tmp_path_factory):
    with hub_process(tmp_path_factory.mktemp("hub-synonyms")) as running:
        yield running


def search_on_kiosk(data, query):
    from kiosk.search import candidates, search
    from kiosk.store import ContentStore

    with ContentStore.open(data) as store:
        return search(store, query), candidates(store, "xinkuqian")


def test_staff_add_a_word_in_the_admin_and_the_kiosk_finds_the_guide(own_hub, tmp_path):
    data = tmp_path / "kiosk"
    enroll(own_hub, data, cli=False)
    assert sync_here(data, own_hub.base_url)["status"] == "updated"
    before, typed = search_on_kiosk(data, QUESTION)
    assert not any(r["match"] == "good" for r in before)
    assert WORD not in [c["word"] for c in typed]
    delivered = deliver_usage(
        data,
        own_hub.base_url,
        lambda make: make().record("search", query=QUESTION, results=0, related=0),
    )
    assert delivered["delivered"] >= 1

    staff = staff_session(own_hub, "editor")
    report = staff.get(f"{own_hub.base_url}/admin/reports?period=7d", timeout=20).text
    links = [html.unescape(x) for x in re.findall(r'data-test="add-word" href="([^"]+)"', report)]
    (link,) = [x for x in links if "%E8%BE%9B" in x]  # 辛
    form = staff.get(own_hub.base_url + link, timeout=10)
    assert form.status_code == 200 and f"来自搜索：{QUESTION}" in form.text
    saved = staff.post(
        f"{own_hub.base_url}/admin/synonyms/new",
        data={
            "csrf": csrf_of(form.text),
            "word": WORD,
            "targets": "工资，欠薪",
            "article_id": WAGES,
            "weight": "1",
            "note": f"来自搜索：{QUESTION}",
        },
        timeout=10,
    )
    assert saved.status_code == 200 and saved.url.endswith("/admin/synonyms?done=saved")
    dashboard = staff.get(f"{own_hub.base_url}/admin", timeout=10)
    published = staff.post(
        f"{own_hub.base_url}/admin/publish",
        data={"csrf": csrf_of(dashboard.text), "note": "add 辛苦钱"},
        timeout=30,
    )
    assert published.status_code == 200 and "done=published" in published.url

    result = sync_here(data, own_hub.base_url)
    assert result["status"] == "updated"
    after, typed = search_on_kiosk(data, QUESTION)
    assert (after[0]["id"], after[0]["match"]) == (WAGES, "good")
    assert typed and typed[0]["word"] == WORD  # the keyboard offers the staff word
