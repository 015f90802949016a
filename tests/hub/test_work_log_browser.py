"""An adviser logs services on a phone-sized headless Chromium against a real hub process, and
changes one; the page fits the phone's width."""

from __future__ import annotations

import pytest

from tests.support.chromium import launch, staff_page
from tests.support.hub_process import hub_process
from tests.support.screenshots import screenshot_dir

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def running_hub(tmp_path):
    with hub_process(tmp_path) as hub:
        yield hub


def _log(page, base: str, *, service: str, note: str, start="", end="", hours="") -> None:
    page.goto(f"{base}/admin/worklog")
    page.click(f"label.service-button:has(input[value={service}])")
    if start:
        page.fill("input[name=start]", start)
        page.fill("input[name=end]", end)
    if hours:
        page.fill("input[name=hours]", hours)
    page.fill("input[name=people]", "4")
    page.fill("textarea[name=note]", note)
    page.click("button[data-test=worklog-save]")


def test_an_adviser_logs_services_on_a_phone(running_hub):
    hub, base, shots = running_hub, running_hub.base_url, screenshot_dir()
    with playwright_api.sync_playwright() as pw:
        browser = launch(pw)
        page = staff_page(browser, hub, "adviser", **PHONE)
        page.goto(f"{base}/admin/worklog")
        page.screenshot(path=str(shots / "worklog-phone-form.png"), full_page=True)
        # nothing wider than the phone: no sideways scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert page.locator("label.service-button").count() == 11
        box = page.locator("label.service-button").first.bounding_box()
        assert box["height"] >= 44  # a finger-sized target
        village = page.locator("select[name=village]").input_value()
        assert village == "桂湖社区"

        _log(page, base, service="visit", note="<b>走访</b>两户", start="09:00", end="10:30")
        assert "已记入工作日志" in page.locator("p.flash").inner_text()
        _log(page, base, service="lecture", note="讲解《民法典》继承编", hours="2")
        # a mistake is shown beside the form and keeps what was typed
        _log(page, base, service="mediation", note="未写时间")
        assert "请填开始和结束时间，或填用时" in page.locator("div.errors").inner_text()
        assert page.locator("textarea[name=note]").input_value() == "未写时间"

        page.goto(f"{base}/admin/worklog")
        entries = page.locator("li.entry")
        assert entries.count() == 2
        assert "法治讲座" in entries.nth(0).inner_text() and "2 小时" in entries.nth(0).inner_text()
        assert page.locator("[data-test=worklog-note]").nth(1).inner_text() == "<b>走访</b>两户"
        page.screenshot(path=str(shots / "worklog-phone-list.png"), full_page=True)

        entries.nth(1).locator("a[data-test=worklog-edit]").click()
        assert page.locator("input[name=start]").input_value() == "09:00"
        page.fill("input[name=people]", "6")
        page.click("button[data-test=worklog-save]")
        assert "6 人" in page.locator("li.entry").nth(1).inner_text()
        browser.close()
