"""Guides due for review, in real headless Chromium against a real hub process seeded with the
demo content (two demo guides are always overdue: their review dates are relative to the day)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.chromium import launch, staff_page
from tests.support.hub_process import hub_process

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")


def _shot(page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"admin-{name}.png"), full_page=True)


def test_overdue_guides_on_the_dashboard_and_a_repealed_law_refused(tmp_path):
    folder = Path(os.environ.get("ADMIN_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    with hub_process(tmp_path, content_module="contract.demo") as hub:
        base = hub.base_url
        with playwright_api.sync_playwright() as pw:
            browser = launch(pw, "--disable-gpu")
            page = staff_page(browser, hub)
            page.goto(f"{base}/admin")
            overdue = page.locator("[data-test=overdue] tbody a")
            assert overdue.all_inner_texts() == [
                "老板拖欠工资，怎么讨回来",
                "出了交通事故，第一步做什么",
            ]
            assert page.locator("[data-test=undated]").count() == 0  # every demo guide has a date
            page.locator("[data-test=reviews]").scroll_into_view_if_needed()
            _shot(page, folder, "dashboard-reviews")

            overdue.first.click()
            assert page.url.endswith("/admin/articles/labour-unpaid-wages")
            page.fill("input[name=review_by]", "2027-12-31")
            page.fill("textarea[name=law_refs]", "中华人民共和国合同法 | 第五十二条")
            page.click("form.form button.primary")
            assert "《合同法》已于2021-01-01废止，现在由《民法典》规定" in page.inner_text(
                ".errors"
            )
            _shot(page, folder, "article-repealed-law")

            page.fill("textarea[name=law_refs]", "中华人民共和国劳动合同法 | 第三十条")
            page.click("form.form button.primary")
            assert "done=saved" in page.url
            page.goto(f"{base}/admin")
            assert page.locator("[data-test=overdue] tbody a").all_inner_texts() == [
                "出了交通事故，第一步做什么"
            ]
            browser.close()
