"""Drives the real app in-process: pumps Kivy's loop, taps widgets with real touch events."""

from __future__ import annotations

import time


class FakeClock:
    """Monotonic seconds the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def walk(widget):
    yield widget
    for child in reversed(widget.children):  # children are stored last-added first
        yield from walk(child)


class Driver:
    def __init__(self, app, clock: FakeClock, *, terminal: dict) -> None:
        self.app = app
        self.clock = clock
        self.terminal = terminal

    # -- loop -----------------------------------------------------------------------------
    def start(self) -> None:
        from kivy.base import EventLoop

        self.app._run_prepare()
        EventLoop.status = "started"
        self.pump(5)

    def stop(self) -> None:
        self.app.stop()
        self.app.worker.shutdown()
        self.app.services.close()

    def frame(self) -> None:
        from kivy.base import EventLoop, ExceptionManager

        try:
            EventLoop.idle()
        except Exception as exc:  # the same as Kivy's main loop does with an uncaught error
            if ExceptionManager.handle_exception(exc) == ExceptionManager.RAISE:
                raise

    def pump(self, frames: int = 3) -> None:
        for _ in range(frames):
            self.frame()

    def settle(self, timeout_s: float = 15.0, quiet_frames: int = 2) -> None:
        """Frames until background work is done and its results are drawn."""
        deadline = time.monotonic() + timeout_s
        quiet = 0
        while quiet < quiet_frames:
            self.frame()
            quiet = 0 if self.app.worker.pending else quiet + 1
            if time.monotonic() > deadline:
                raise AssertionError("the app did not settle")

    def wait_idle_tick(self) -> None:
        """Real time for the idle controller's timer to fire at least once."""
        until = time.monotonic() + 0.6
        while time.monotonic() < until:
            self.frame()
        self.settle()

    def fresh(self) -> None:
        self.app.services.session.reset()
        self.app.idle.hide_countdown()  # a test that let the idle time run out leaves no overlay
        self.app.services.events.clear()
        self.settle()

    # -- looking and touching -----------------------------------------------------------------
    @property
    def current(self) -> str:
        return self.app.root.current

    def screen(self, name: str | None = None):
        return self.app.screen(name or self.current)

    def tap(self, widget) -> None:
        from kivy.tests.common import UnitTestTouch

        if self.app.worker.pending:
            self.settle()
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        touch.touch_up()
        if self.in_scroll_view(widget):
            # A ScrollView decides "tap or scroll" on a timer: give it real time.
            until = time.monotonic() + 0.12
            while time.monotonic() < until:
                self.frame()
        self.settle()

    def reveal_and_tap(self, widget) -> None:
        """Scroll the ScrollView holding ``widget`` until it is on screen, then tap it for real."""
        scroll = self.scroll_view_of(widget)
        self.settle()
        for _attempt in range(5):  # scroll_to waits for a pending layout: try until it is seen
            self.pump(3)
            scroll.scroll_to(widget, padding=40, animate=False)
            self.pump(3)
            x, y = widget.to_window(*widget.center)
            left, bottom = scroll.parent.to_window(*scroll.pos)
            if left <= x <= left + scroll.width and bottom + 20 <= y <= bottom + scroll.height - 20:
                break
        else:
            raise AssertionError(
                f"{getattr(widget, 'text', widget)!r} cannot be scrolled into view"
            )
        self.tap(widget)

    @staticmethod
    def scroll_view_of(widget):
        from kivy.uix.scrollview import ScrollView

        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                return parent
            parent = parent.parent
        raise AssertionError(f"{widget!r} is not in a ScrollView")

    @staticmethod
    def in_scroll_view(widget) -> bool:
        from kivy.uix.scrollview import ScrollView

        parent = widget.parent
        while parent is not None and parent is not parent.parent:
            if isinstance(parent, ScrollView):
                return True
            parent = parent.parent
        return False

    def find_all(self, root, cls=None, **attrs) -> list:
        found = []
        for widget in walk(root):
            if cls is not None and not isinstance(widget, cls):
                continue
            if all(getattr(widget, k, None) == v for k, v in attrs.items()):
                found.append(widget)
        return found

    def find(self, root, cls=None, **attrs):
        found = self.find_all(root, cls, **attrs)
        assert found, f"no {cls.__name__ if cls else 'widget'} with {attrs}"
        return found[0]

    def events(self, event_type: str) -> list[dict]:
        return [e for e in self.app.services.events if e["type"] == event_type]

    def wait_until(self, condition, timeout_s: float = 30.0) -> bool:
        """Draw frames until ``condition()`` holds (True) or ``timeout_s`` passes (False):
        for what another thread finishes (speech, the worker)."""
        until = time.monotonic() + timeout_s
        while time.monotonic() < until:
            self.frame()
            if condition():
                return True
            time.sleep(0.02)
        return False

    def maintenance_status(self) -> str:
        """Open the maintenance screen past its PIN and return the status text it shows."""
        screen = self.app.screen("maintenance")
        self.app.nav.go("maintenance")
        screen.unlocked = True
        screen.load_status()
        self.settle()
        return screen.ids.status.text


TEST_PIN = "246810"
