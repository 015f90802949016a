"""Staff add a word from the report in headless Chromium (real hub process): the link beside a
zero-result search opens the synonym form, a bad word is refused next to the field, a good one is
listed and published."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.support.chromium import launch, staff_page
from tests.support.hub_process import hub_process

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def running_hub(tmp_path):
    with hub_process(tmp_path) as hub:
        yield hub


def deliver_zero_search(base: str, code: str, query: str) -> str:
    token = httpx.post(f"{base}/api/v1/enroll", json={"code": code}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    event = {
        "id": str(uuid.uuid4()),
        "type": "search",
        "at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "props": {"query": query, "results": 0, "related": 1},
    }
    answer = httpx.post(f"{base}/api/v1/events", json={"events": [event]}, headers=headers)
    assert answer.status_code == 200, answer.text
    return token


def test_staff_add_a_word_from_the_report(running_hub, tmp_path):
    hub, base = running_hub, running_hub.base_url
    token = deliver_zero_search(base, hub.codes[next(iter(hub.codes))], "力气钱要不回来")
    folder = Path(os.environ.get("ADMIN_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = staff_page(browser, hub)
        page.goto(f"{base}/admin/reports")
        page.screenshot(path=str(folder / "admin-reports-add-word.png"), full_page=True)
        page.click("a[data-test=add-word]")
        assert page.url.startswith(f"{base}/admin/synonyms/new")
        assert page.locator("input[name=word]").input_value() == "力气钱要不回来"

        page.fill("input[name=word]", "力气 钱")
        page.fill("input[name=targets]", "工资，欠薪")
        page.click("form.card button.primary")
        assert page.locator("label.field.bad input[name=word]").count() == 1
        assert "只能是1至20个汉字" in page.locator("div.errors").inner_text()

        page.fill("input[name=word]", "力气钱")
        page.screenshot(path=str(folder / "admin-synonym-form.png"), full_page=True)
        page.click("form.card button.primary")
        assert page.url == f"{base}/admin/synonyms?done=saved"
        listing = page.locator("table[data-test=synonyms]").inner_text()
        assert "力气钱" in listing and "工资，欠薪" in listing
        page.screenshot(path=str(folder / "admin-synonyms.png"), full_page=True)

        page.goto(f"{base}/admin")
        page.click("form[action='/admin/publish'] button")
        assert page.url == f"{base}/admin?done=published"
        browser.close()
    content = httpx.get(
        f"{base}/api/v1/content?since=0", headers={"Authorization": f"Bearer {token}"}
    ).json()
    (record,) = content["changes"]["synonyms"]["upsert"]
    assert (record["word"], record["targets"]) == ("力气钱", ["工资", "欠薪"])
