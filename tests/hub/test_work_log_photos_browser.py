"""An adviser attaches a photo of a sign-in sheet to a work-log entry on a phone-sized headless
Chromium against a real hub process: it shows as a thumbnail that loads, a viewer sees it too,
and the author deletes it from the entry's page."""

from __future__ import annotations

import pytest

from tests.support.chromium import launch, staff_page
from tests.support.hub_process import hub_process
from tests.support.screenshots import screenshot_dir
from tests.support.work_log_steps import photo_bytes

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")
PHONE = {"width": 390, "height": 844}


def _loaded(page, selector: str) -> list[int]:
    """The natural widths of the images matched (0 for one that failed to load)."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.naturalWidth)")


def test_an_adviser_attaches_a_photo_on_a_phone(tmp_path):
    sheet = tmp_path / "sign-in-sheet.jpg"
    sheet.write_bytes(photo_bytes("JPEG", color=(30, 140, 90), side=120))
    shots = screenshot_dir()
    with hub_process(tmp_path) as hub, playwright_api.sync_playwright() as pw:
        base = hub.base_url
        browser = launch(pw)
        page = staff_page(browser, hub, "adviser", **PHONE)
        page.goto(f"{base}/admin/worklog")
        page.click("label.service-button:has(input[value=lecture])")
        page.fill("input[name=hours]", "2")
        page.fill("textarea[name=note]", "法治讲座，签到表见照片")
        page.set_input_files("input[data-test=worklog-photos]", str(sheet))
        page.click("button[data-test=worklog-save]")
        assert "已记入工作日志" in page.locator("p.flash").inner_text()
        thumbs = "li.entry img.thumb"
        page.wait_for_function(
            "s => [...document.querySelectorAll(s)].every(i => i.complete)", arg=thumbs
        )
        assert _loaded(page, thumbs) == [120]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.screenshot(path=str(shots / "worklog-phone-photo.png"), full_page=True)

        viewer = staff_page(browser, hub, "viewer", **PHONE)
        viewer.goto(f"{base}/admin/worklog")
        viewer.wait_for_function(
            "s => [...document.querySelectorAll(s)].every(i => i.complete)", arg=thumbs
        )
        assert _loaded(viewer, thumbs) == [120]

        page.locator("a[data-test=worklog-edit]").first.click()
        assert page.locator("ul.photo-edit img.thumb").count() == 1
        page.screenshot(path=str(shots / "worklog-phone-photo-edit.png"), full_page=True)
        page.click("button[data-test=worklog-photo-delete]")
        assert "照片已删除" in page.locator("p.flash").inner_text()
        assert page.locator("ul.photo-edit").count() == 0
        page.goto(f"{base}/admin/worklog")
        assert page.locator(thumbs).count() == 0
        browser.close()
