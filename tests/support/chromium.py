"""Headless Debian Chromium through Playwright with a fake camera and microphone (never downloads
a browser). ``CHROMIUM`` is the executable; tests skip with the reason when it is missing."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FAKE_MEDIA_ARGS = [
    "--no-sandbox",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--headless",
]


def launch(playwright, *extra: str):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*FAKE_MEDIA_ARGS, *extra], headless=True
    )


def staff_page(browser, hub, role: str = "editor", *, height: int = 900, width: int = 1280):
    """A new page of ``browser`` logged in to the admin of the running ``hub`` as ``role``."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
    page.goto(f"{hub.base_url}/admin/login")
    page.fill("input[name=username]", role)
    page.fill("input[name=password]", hub.passwords[role])
    page.click("button.primary")
    return page
