"""The public phone pages in headless Chromium at phone width: they fit, buttons are finger-sized.

Screenshots land in ``tmp_path`` (printed with ``-s``) for a person to look at.
"""

from __future__ import annotations

import json
import shutil
import uuid

import httpx
import pytest

from tests.support.hub_process import hub_process

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MIN_TOUCH_PX = 44


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """A real hub with one booking; yields (base_url, {page name: path})."""
    folder = tmp_path_factory.mktemp("pages")
    with hub_process(folder) as hub:
        api = httpx.Client(base_url=hub.base_url + "/api/v1", timeout=30)
        code = hub.codes[hub.terminals[0]]
        api.headers["Authorization"] = (
            "Bearer " + api.post("/enroll", json={"code": code}).json()["token"]
        )
        changes = json.loads(api.get("/content").content)["changes"]
        adviser = changes["advisers"]["upsert"][0]["id"]
        slots = api.get(f"/advisers/{adviser}/slots", params={"days": 28}).json()["slots"]
        start = [s for s in slots if s["free"]][-1]["start"]
        booking = api.post(
            "/bookings",
            json={
                "adviser_id": adviser,
                "start": start,
                "name": "王小明",
                "phone": "13800001234",
                "idempotency_key": uuid.uuid4().hex,
            },
        )
        yield (
            hub.base_url,
            {
                "article": f"/p/articles/{changes['articles']['upsert'][0]['id']}",
                "institution": f"/p/institutions/{changes['institutions']['upsert'][0]['id']}",
                "booking": f"/p/bookings/{booking.json()['code']}",
            },
        )


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_pages_fit_a_phone_and_have_big_buttons(pages, language, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    base_url, paths = pages
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(
            viewport={"width": 360, "height": 740},
            locale=language,
            extra_http_headers={"Accept-Language": language},
        )
        for name, path in paths.items():
            assert page.goto(base_url + path).status == 200
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} is wider than the phone by {overflow}px"
            heights = page.eval_on_selector_all(
                ".button", "els => els.map(e => e.getBoundingClientRect().height)"
            )
            assert all(h >= MIN_TOUCH_PX for h in heights), (name, heights)
            assert name == "article" or heights, f"{name} has no buttons"
            font_px = float(
                page.evaluate("getComputedStyle(document.body).fontSize").removesuffix("px")
            )
            assert font_px >= 16
            page.screenshot(path=str(tmp_path / f"{name}-{language}.png"), full_page=True)
        browser.close()
    print(f"screenshots in {tmp_path}")
