"""The home screen and the maintenance status say when the content is stale (issue 15, finding 3):
no fresh signed statement from the hub for longer than ``hub.fresh_max_age_hours``.

The real app under Xvfb with a real :class:`~kiosk.hublink.sync.Syncer` whose state says when
the hub last confirmed the content (how it gets there from the network is
tests/e2e/test_freshness_e2e.py); the mark fits the top row in both languages and orientations.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from kiosk.hublink.sync import Syncer
from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


@pytest.fixture
def syncer(ui, tmp_path):
    services = ui.app.services
    syncer = Syncer(
        store=services.store, client=None, public_key="", data_dir=tmp_path, fresh_max_age_s=3600
    )
    previous = services.sync
    services.sync = SimpleNamespace(syncer=syncer, online=True)  # the link's parts the app reads
    yield syncer
    services.sync = previous
    ui.app._tick_clock()
    ui.settle()


def test_home_marks_stale_content_and_clears_it_when_confirmed(ui, syncer, tmp_path):
    app, mark = ui.app, ui.screen("home").ids.online_mark
    folder = shots_folder(tmp_path)
    for orientation in ("landscape", "portrait"):
        resize(ui, orientation)
        for lang, words in (("zh_CN", "内容待更新"), ("en", "out of date")):
            app.lang = lang
            syncer.state.last_checked_at = time.time() - 2 * 3600  # two hours unconfirmed
            app._tick_clock()
            ui.settle()
            assert app.content_stale and words in mark.text, mark.text
            mark.texture_update()
            assert mark.texture_size[0] <= mark.width and mark.right <= app.root.width
            save(ui, folder / f"home-stale-{orientation}-{lang}.png")
            syncer.state.last_checked_at = time.time()  # a fresh statement came
            app._tick_clock()
            ui.settle()
            assert not app.content_stale and words not in mark.text
    app.lang = "zh_CN"
    resize(ui, "landscape")


def test_the_maintenance_status_says_what_to_do(ui, syncer):
    syncer.state.last_checked_at = None  # never confirmed
    text = ui.maintenance_status()
    assert text.startswith(ui.app.tr("maintenance.stale")) and "立即同步" in text
    syncer.state.last_checked_at = time.time()
    assert ui.app.tr("maintenance.stale") not in ui.maintenance_status()
