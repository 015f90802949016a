"""One measured start of the kiosk app (or of a minimal Kivy app), run as its own process.

``python -m bench.kiosk_app_probe app DATA_DIR`` (or ``minimal FONT_CACHE_DIR``) prints one JSON line:
``{"first_frame_s", "peak_rss_mib", "tap_ms": [...]}``. ``first_frame_s`` counts from process
start (before Kivy is imported) to the first frame drawn with the home screen.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
TAPS = 30


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tap_latencies(app) -> list[float]:
    from kivy.base import EventLoop
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    redraw = []
    for _ in range(TAPS):
        Window.canvas.ask_update()  # a full redraw of the home screen with nothing new on it
        began = time.perf_counter()
        EventLoop.idle()
        redraw.append((time.perf_counter() - began) * 1000)
    app.redraw_frame_ms = sorted(redraw)[len(redraw) // 2]
    home = app.screen("home")
    routes = ["guides", "nearby", "search", "legal_aid", "booking"]
    latencies = []
    for n in range(TAPS):
        route = routes[n % len(routes)]
        widget = home.ids[f"tile_{route}"]
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        began = time.perf_counter()
        touch.touch_down()
        touch.touch_up()
        EventLoop.idle()  # the frame that shows the next screen
        latencies.append((time.perf_counter() - began) * 1000)
        while app.worker.pending:
            EventLoop.idle()
        app.nav.home()
        EventLoop.idle()
    return latencies


def probe_app(data_dir: str) -> dict:
    from kiosk.config import load_config
    from screens import launcher

    config = load_config(None, data_dir=data_dir, environ={})
    launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
    app = launcher.build(config)
    result: dict = {}

    def first_frame(*_args) -> None:
        if "first_frame_s" not in result:
            result["first_frame_s"] = time.perf_counter() - STARTED
            from kivy.clock import Clock

            Clock.schedule_once(lambda _dt: finish(), 0)

    def finish() -> None:
        result["tap_ms"] = _tap_latencies(app)
        result["redraw_frame_ms"] = app.redraw_frame_ms
        result["peak_rss_mib"] = _rss_mib()
        app.stop()

    from kivy.core.window import Window

    Window.bind(on_flip=first_frame)
    app.run()
    return result


def probe_minimal(font_cache: str) -> dict:
    """A Kivy app with the CJK font and one screen of 30 buttons: the floor to compare with."""
    import os
    import tempfile

    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp())
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    from kivy.config import Config

    Config.set("graphics", "width", "1920")
    Config.set("graphics", "height", "1080")
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.button import Button
    from kivy.uix.gridlayout import GridLayout

    from screens.widgets.fonts import register_cjk_default_font

    result: dict = {}

    class Minimal(App):
        def build(self):
            register_cjk_default_font(Path(font_cache))
            grid = GridLayout(cols=6)
            for n in range(30):
                grid.add_widget(Button(text=f"\u6cd5\u5f8b {n}", font_size=32))
            return grid

    app = Minimal()

    def first_frame(*_args) -> None:
        if "first_frame_s" not in result:
            result["first_frame_s"] = time.perf_counter() - STARTED
            result["peak_rss_mib"] = _rss_mib()
            app.stop()

    Window.bind(on_flip=first_frame)
    app.run()
    return result


if __name__ == "__main__":
    which = sys.argv[1]
    out = probe_app(sys.argv[2]) if which == "app" else probe_minimal(sys.argv[2])
    print("PROBE " + json.dumps(out), flush=True)
