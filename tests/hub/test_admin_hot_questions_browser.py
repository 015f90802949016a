"""Staff write a category's hot questions in the admin (headless Chromium, real hub process);
a bad list is refused with the reason next to the field, a good one is published to terminals."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.support.chromium import launch, staff_page
from tests.support.hub_process import hub_process

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")

GOOD = ["老板拖欠工资怎么办", "加班费怎么算", "[b]试用期[/b]被辞退"]


@pytest.fixture
def running_hub(tmp_path):
    with hub_process(tmp_path) as hub:
        yield hub


def served_categories(base: str, code: str) -> dict:
    token = httpx.post(f"{base}/api/v1/enroll", json={"code": code}).json()["token"]
    content = httpx.get(
        f"{base}/api/v1/content?since=0", headers={"Authorization": f"Bearer {token}"}
    ).json()
    return {c["id"]: c for c in content["changes"]["categories"]["upsert"]}


def test_staff_hot_questions_are_checked_saved_and_published(running_hub, tmp_path):
    hub, base = running_hub, running_hub.base_url
    folder = Path(os.environ.get("ADMIN_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = staff_page(browser, hub, height=800)
        page.goto(f"{base}/admin/categories")
        page.locator("table.list a").first.click()
        edit_url = page.url
        category_id = edit_url.rsplit("/", 1)[1]
        assert page.locator("textarea[name=hot_questions]").input_value() == ""
        assert "每行一个" in page.locator("body").inner_text()

        page.fill("textarea[name=hot_questions]", "\n".join(f"问题{n}" for n in range(7)))
        page.click("form.card button.primary")
        assert page.locator("label.field.bad textarea[name=hot_questions]").count() == 1
        assert "大家常问: 最多 6 项" in page.locator("div.errors").inner_text()

        page.fill("textarea[name=hot_questions]", "工" * 41)
        page.click("form.card button.primary")
        assert "每个问题占一行，1 到 40 个字" in page.locator("div.errors").inner_text()

        page.fill("textarea[name=hot_questions]", "\n".join(["", *GOOD, "  "]))
        page.screenshot(path=str(folder / "admin-category-hot-questions.png"), full_page=True)
        page.click("form.card button.primary")
        assert page.url == f"{base}/admin/categories?done=saved"
        page.goto(edit_url)
        assert page.locator("textarea[name=hot_questions]").input_value() == "\n".join(GOOD)

        page.goto(f"{base}/admin")
        page.fill("input[name=note]", "常问问题")
        page.click("form[action='/admin/publish'] button")
        assert page.url == f"{base}/admin?done=published"
        browser.close()
    terminal = next(iter(hub.codes))
    categories = served_categories(base, hub.codes[terminal])
    assert categories[category_id]["hot_questions"] == GOOD
    others = [c["hot_questions"] for cid, c in categories.items() if cid != category_id]
    assert others and all(q == [] for q in others)
