"""The staff admin in real headless Chromium against a real hub process (``python -m hub serve``).

A terminal is enrolled and sends events and a heartbeat through the real API first, so the
reports have something to show. Then a person's path: log in, write a guide, publish it (the
terminal API then serves the new version), import a CSV with one bad row, read a report; and a
screenshot of every admin page. Screenshots go to ``ADMIN_SCREENSHOTS`` when set (the committed
ones in ``docs/img/admin-*.png`` were made that way), else to the test's temp folder.
"""

from __future__ import annotations

import importlib
import os
import random
import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.support.hub_process import default_content_module, hub_process
from tests.support.zones import SHANGHAI

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MAX_SHOT_BYTES = 300_000
SEARCHES = [
    ("离婚", 6),
    ("工资", 4),
    ("宅基地", 0),
    ("lihun", 3),
    ("彩礼", 0),
    ("遗嘱", 2),
    ("电动车", 0),
]


def _events(article_ids: list[str], days: int = 14) -> list[dict]:
    """A plausible two weeks of terminal use (deterministic)."""
    rng, now, found = random.Random(7), datetime.now(SHANGHAI), []

    def add(kind, at, **props):
        found.append(
            {
                "id": str(uuid.uuid4()),
                "type": kind,
                "at": at.isoformat(timespec="seconds"),
                "props": props,
            }
        )

    for day in range(days):
        for visit in range(rng.randint(2, 9)):
            at = (now - timedelta(days=day)).replace(hour=9 + visit % 8, minute=rng.randint(0, 59))
            add("session.start", at, lang="zh_CN")
            for article_id in rng.sample(article_ids, k=min(len(article_ids), rng.randint(0, 3))):
                add("article.view", at, article_id=article_id)
            query, results = rng.choice(SEARCHES)
            add("search", at, query=query, results=results, mode="pinyin")
            if rng.random() < 0.3:
                add("nearby.list", at, type="all", results=5)
            add("session.end", at + timedelta(minutes=3), length_s=rng.randint(40, 400))
    return found


def _prepare_terminal(base_url: str, code: str, adviser_id: str) -> dict:
    enrolled = httpx.post(f"{base_url}/api/v1/enroll", json={"code": code}).json()
    headers = {"Authorization": f"Bearer {enrolled['token']}"}
    content = httpx.get(f"{base_url}/api/v1/content?since=0", headers=headers).json()
    article_ids = [a["id"] for a in content["changes"]["articles"]["upsert"]]
    events = _events(article_ids)
    for start in range(0, len(events), 100):
        answer = httpx.post(
            f"{base_url}/api/v1/events",
            headers=headers,
            json={"events": events[start : start + 100]},
        )
        assert answer.status_code == 200, answer.text
    slots = httpx.get(
        f"{base_url}/api/v1/advisers/{adviser_id}/slots?days=14", headers=headers
    ).json()["slots"]
    booking = {
        "adviser_id": adviser_id,
        "start": next(s["start"] for s in slots if s["free"]),
        "name": "示例群众",
        "phone": "13800000000",
        "topic": "示例：宅基地纠纷",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert (
        httpx.post(f"{base_url}/api/v1/bookings", headers=headers, json=booking).status_code == 201
    )
    doctor = {
        "ok": False,
        "checks": [
            {"name": "printer", "ok": False, "detail": "缺纸"},
            {"name": "font", "ok": True, "detail": "Noto Sans CJK"},
        ],
    }
    beat = httpx.post(
        f"{base_url}/api/v1/heartbeat",
        headers=headers,
        json={
            "version": "0.9.0",
            "content_version": content["version"],
            "queue": 0,
            "doctor": doctor,
        },
    )
    assert beat.status_code == 200
    return {
        "headers": headers,
        "version": content["version"],
        "terminal_id": enrolled["terminal_id"],
    }


def _shot(page, folder: Path, name: str) -> Path:
    path = folder / f"admin-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if path.stat().st_size > MAX_SHOT_BYTES:
        page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size < MAX_SHOT_BYTES, name
    return path


@pytest.fixture
def running_hub(tmp_path):
    with hub_process(tmp_path) as hub:
        yield hub


def test_admin_in_chromium(running_hub, tmp_path):
    hub, base = running_hub, running_hub.base_url
    first = importlib.import_module(default_content_module()).DEMO_TERMINALS[0]
    terminal = _prepare_terminal(base, hub.codes[first["name"]], first["adviser_id"])
    folder = Path(
        os.environ.get("ADMIN_SCREENSHOTS")
        or os.environ.get("DOC_SCREENSHOTS")
        or tmp_path / "shots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    csv_file = tmp_path / "places.csv"
    csv_file.write_text(
        "id,type,name,address,district,lat,lng,datum,phone,hours,services\n"
        "inst-x1,notary,示例公证处（导入）,示例路 9 号,绵阳市,31.46,104.74,gcj02,0816-0000-0199,9:00-17:00,公证\n"
        "inst-x2,bakery,示例面包店,示例路 10 号,绵阳市,31.47,104.75,gcj02,,,\n",
        encoding="utf-8",
    )
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        _walk(page, base, hub, folder, csv_file)
        browser.close()
    served = httpx.get(
        f"{base}/api/v1/content?since={terminal['version']}", headers=terminal["headers"]
    )
    assert served.status_code == 200
    assert [a["title"] for a in served.json()["changes"]["articles"]["upsert"]] == [
        "农村土地承包经营权怎么流转"
    ]


def _walk(page, base: str, hub, folder: Path, csv_file: Path) -> None:
    page.goto(f"{base}/admin/articles")
    assert page.url == f"{base}/admin/login?next=%2Fadmin%2Farticles"
    _shot(page, folder, "login")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", hub.passwords["admin"])
    page.click("button.primary")
    assert page.url == f"{base}/admin/articles"
    page.goto(f"{base}/admin/articles/new")
    page.fill("input[name=title]", "")
    page.click("form.card button.primary")
    # The browser's own "required" check keeps the form from being sent: nothing left the page.
    assert page.url == f"{base}/admin/articles/new"
    page.fill("input[name=id]", "art-land")
    page.fill("input[name=title]", "农村土地承包经营权怎么流转")
    page.select_option("select[name=category_id]", index=2)
    page.select_option("select[name=status]", "published")
    page.fill("textarea[name=summary]", "流转要自愿、有偿，签书面合同。")
    page.fill(
        "textarea[name=body]",
        "承包方可以依法采取出租、入股等方式流转土地经营权。\n流转应当签订书面合同。",
    )
    page.fill("input[name=tags]", "土地，流转")
    page.fill("textarea[name=law_refs]", "中华人民共和国农村土地承包法 | 第三十六条")
    page.fill(
        "input[name=id]", "土地 流转"
    )  # not a valid id: the hub answers with the form and the reason
    page.click("form.card button.primary")
    assert page.locator("label.field.bad").count() == 1
    assert "编号: 只能用 1-64 个字母" in page.locator("div.errors").inner_text()
    assert page.locator("input[name=title]").input_value() == "农村土地承包经营权怎么流转"
    _shot(page, folder, "article-form-error")
    page.fill("input[name=id]", "art-land")
    _shot(page, folder, "article-form")
    page.click("form.card button.primary")
    assert page.url == f"{base}/admin/articles/art-land?done=saved"
    assert page.locator("p.flash").inner_text() == "已保存，终端要在发布后才能看到。 去发布"
    assert page.locator('[data-test="publish-link"]').get_attribute("href") == "/admin#publish"
    page.goto(f"{base}/admin")
    assert page.locator("[data-test=pending]").inner_text() == "1"
    _shot(page, folder, "dashboard")
    before = int(page.locator("[data-test=version]").inner_text())
    page.fill("input[name=note]", "新增土地流转指南")
    page.click("form[action='/admin/publish'] button")
    assert page.url == f"{base}/admin?done=published"
    assert int(page.locator("[data-test=version]").inner_text()) == before + 1
    page.goto(f"{base}/admin/institutions/import")
    page.set_input_files("input[name=file]", str(csv_file))
    page.click("form.card button.primary")
    assert "没有导入任何记录" in page.locator("p.errors").inner_text()
    assert re.search(r"3\s+类型: 必须是以下之一", page.locator("table.list").inner_text())
    _shot(page, folder, "import-report")
    page.goto(f"{base}/admin/reports")
    assert int(page.locator("[data-test=sessions]").inner_text()) > 0
    assert page.locator("svg.chart").count() == 4
    assert "宅基地" in page.locator("body").inner_text()
    _shot(page, folder, "reports")
    for name, url in (
        ("articles", "/admin/articles"),
        ("categories", "/admin/categories"),
        ("institutions", "/admin/institutions"),
        ("advisers", "/admin/advisers"),
        ("announcements", "/admin/announcements"),
        ("terminals", "/admin/terminals"),
        ("users", "/admin/users"),
        ("ledger", "/admin/ledger"),
        ("institution-form", "/admin/institutions/new"),
        ("user-form", "/admin/users/new"),
    ):
        page.goto(base + url)
        assert page.locator("h1").count() == 1, url
        _shot(page, folder, name)
    page.goto(f"{base}/admin/advisers")
    page.locator("table.list a").first.click()
    _shot(page, folder, "adviser-form")
    page.goto(f"{base}/admin/terminals")
    page.locator("table.list a").first.click()
    _shot(page, folder, "terminal")
    page.goto(f"{base}/admin/lang/en?next=/admin/reports")
    assert page.locator("h1").inner_text() == "Usage reports"
    _shot(page, folder, "reports-en")
    page.goto(f"{base}/admin/lang/zh_CN?next=/admin")
    page.click("form[action='/admin/logout'] button")
    assert page.url == f"{base}/admin/login"
    page.fill("input[name=username]", "adviser")
    page.fill("input[name=password]", hub.passwords["adviser"])
    page.click("button.primary")
    page.goto(f"{base}/admin/my")
    assert "示*" in page.locator("table.list").first.inner_text()  # the resident's name, masked
    _shot(page, folder, "my")
    page.goto(f"{base}/admin/users")
    assert "您的角色没有这个权限" in page.locator("p.detail").inner_text()
