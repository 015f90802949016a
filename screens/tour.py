"""Visits every screen in both orientations and languages and saves a PNG of each.

Used by ``legal-kiosk screenshot`` and by the UI tests. Each step sets the app up, waits until
the worker is idle and a few frames are drawn, then saves ``<orientation>-<lang>-<step>.png``.
With ``modes`` the whole tour is repeated in large text, high contrast and elderly mode
(:data:`MODES`), saved as ``<orientation>-<lang>-<step>_<mode>.png``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window

from screens.app import LARGE_TEXT_SCALE
from screens.tour_modes import MODES

logger = logging.getLogger(__name__)

ORIENTATIONS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

SETTLE_FRAMES = 4
RESIZE_WAIT_S = 0.8


def _first(app, fn, *args, **kwargs):
    rows = app.worker.call_sync(fn, *args, **kwargs)
    return rows[0] if rows else None


def steps(app) -> list[tuple[str, object]]:
    """(name, setup) pairs; setup(app) puts the app into the state to capture."""
    store, services = app.services.store, app.services
    categories = app.worker.call_sync(store.categories_with_counts)
    # The first category that holds a guide: an empty one (new, or emptied by staff) has none
    # to open, and a store with no guides at all skips the steps that need one.
    category = next(
        (c for c in categories if c.get("count")), categories[0] if categories else None
    )
    article = _first(app, store.articles_in_category, category["id"]) if category else None
    terminal = services.config.terminal
    place = _first(
        app, services.places.nearby, store, terminal.lat, terminal.lng, radius_m=5000, limit=5
    )

    def search_typed(a):
        a.nav.go("search")
        for letter in "lihun":
            a.screen("search").type_letter(letter)

    def maintenance_status(a):
        a.nav.go("maintenance")
        screen = a.screen("maintenance")
        screen.unlocked = True
        screen.load_status()

    needs = {"guide_list": category, "article": article, "article_large_text": article}
    needs["institution"] = place
    return [
        (name, setup)
        for name, setup in _all_steps(category, article, place, search_typed, maintenance_status)
        if needs.get(name, True) is not None
    ]


def all_step_names() -> list[str]:
    """The name of every step, in order (with content that has a guide and a place)."""
    return [name for name, _setup in _all_steps(None, None, None, None, None)]


def calc_result(app) -> None:
    """A severance worked out from sample figures, as a resident's taps would."""
    app.nav.go("calc", calculator="severance")
    flow = app.screen("calc").flow
    for digits in ("6500", "20180301", "20240915"):
        for digit in digits:
            flow.type_digit(digit)
        flow.next()
    flow.choose("no")
    flow.skip()
    app.screen("calc").show()


def _all_steps(category, article, place, search_typed, maintenance_status):
    return [
        ("home", lambda a: a.nav.home()),
        ("guides", lambda a: a.nav.go("guides")),
        (
            "guide_list",
            lambda a: a.nav.go("guide_list", category_id=category["id"], title=category["name"]),
        ),
        ("article", lambda a: a.nav.go("article", article_id=article["id"])),
        ("search", lambda a: (a.nav.go("search"), a.screen("search").clear())),
        ("search_typing", search_typed),
        (
            "search_results",
            lambda a: (
                a.nav.go("search"),
                a.screen("search").search_for(a.tr("search.popular_terms").split("|")[0]),
            ),
        ),
        (
            "search_question",
            lambda a: (a.nav.go("search"), a.screen("search").search_for("老板不给工钱怎么办")),
        ),
        (
            "search_nothing",
            lambda a: (a.nav.go("search"), a.screen("search").search_for("zzqx")),
        ),
        ("nearby", lambda a: a.nav.go("nearby")),
        ("institution", lambda a: a.nav.go("institution", place=place)),
        ("booking", lambda a: a.nav.go("booking")),
        ("legal_aid", lambda a: a.nav.go("legal_aid")),
        ("hotline", lambda a: a.nav.go("hotline")),
        ("calc", lambda a: (a.screen("calc").clear(), a.nav.go("calc"))),
        ("calc_question", lambda a: a.nav.go("calc", calculator="court-fee")),
        ("calc_result", calc_result),
        ("attract", lambda a: a.nav.go("attract")),
        (
            "countdown",
            lambda a: (
                a.nav.go("search"),
                a.services.session.start_countdown(),
                a.idle.show_countdown(),
            ),
        ),
        (
            "maintenance_pin",
            lambda a: (
                a.idle.keep_going(),
                a.screen("maintenance").clear(),
                a.nav.go("maintenance"),
            ),
        ),
        ("maintenance_status", maintenance_status),
        ("message", lambda a: (a.nav.home(), a.show_message(a.tr("error.generic")))),
        ("home_large_text", lambda a: a.nav.home()),
        ("article_large_text", lambda a: a.nav.go("article", article_id=article["id"])),
        ("home_high_contrast", lambda a: a.nav.home()),
        ("home_elderly", lambda a: (a.toggle_elderly_mode(), _silent(a), a.nav.home())),
        (
            "search_high_contrast",
            lambda a: (
                a.nav.go("search"),
                a.screen("search").search_for(a.tr("search.popular_terms").split("|")[0]),
            ),
        ),
    ]


def _silent(app) -> None:
    """Elderly mode without its reading aloud: a picture has no sound, and a machine without
    one would cover every screen with the "no sound" notice."""
    app.services.speech.stop()
    app.read_aloud = False


class Tour:
    """Runs the steps on the Kivy clock; calls ``on_finished(paths)`` at the end."""

    def __init__(
        self,
        app,
        out_dir: Path,
        *,
        languages=("zh_CN", "en"),
        orientations=tuple(ORIENTATIONS),
        modes=("normal",),
        on_finished=None,
    ):
        unknown = set(modes) - set(MODES)
        if unknown:
            raise ValueError(f"unknown tour mode {sorted(unknown)[0]}; one of {', '.join(MODES)}")
        self.app = app
        self.out_dir = Path(out_dir)
        self.plan = [(o, lang) for o in orientations for lang in languages]
        self.modes = tuple(modes)
        self.on_finished = on_finished
        self.paths: list[Path] = []

    def start(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.original = (tuple(Window.size), self.app.lang)
        self.original_look = (self.app.high_contrast, self.app.font_scale, self.app.read_aloud)
        self.steps = steps(self.app)
        self.queue = [
            (o, lang, name if mode == "normal" else f"{name}_{mode}", setup)
            for o, lang in self.plan
            for mode in self.modes
            for name, setup in self.steps
            # the steps already in a mode are shown in the normal round only
            if mode == "normal" or not name.endswith(MODES[1:])
        ]
        Clock.schedule_once(self._next, 0.2)

    def _next(self, _dt) -> None:
        if self.app.message is not None and not (self.queue and self.queue[0][2] == "message"):
            self.app.message.dismiss(animation=False)
            self.app.message = None
        if not self.queue:
            if self.app.elderly:
                self.app.toggle_elderly_mode()
            Window.size, self.app.lang = self.original
            self.app.high_contrast, self.app.font_scale, self.app.read_aloud = self.original_look
            self.app.nav.home()
            if self.on_finished:
                # report once the window is back to its size and laid out
                Clock.schedule_once(lambda _dt: self.on_finished(self.paths), RESIZE_WAIT_S)
            return
        orientation, lang, name, setup = self.queue[0]
        if tuple(Window.size) != ORIENTATIONS[orientation]:
            # The X server resizes the window asynchronously: give it real time before drawing.
            Window.size = ORIENTATIONS[orientation]
            Clock.schedule_once(self._next, RESIZE_WAIT_S)
            return
        self.queue.pop(0)
        if self.app.elderly:
            self.app.toggle_elderly_mode()  # only the step that asks for it shows elderly mode
        self.app.lang = lang
        self.app.high_contrast = name.endswith("high_contrast")
        large = name.endswith("large_text")
        self.app.font_scale = self.app.base_font_scale * (LARGE_TEXT_SCALE if large else 1.0)
        if name.endswith("_elderly") and not name.startswith("home_elderly"):
            self.app.toggle_elderly_mode()  # the whole round in elderly mode
            _silent(self.app)
        setup(self.app)
        self.app.rating.dismiss()  # leaving a guide asks about it: not part of the next screen
        self._wait(orientation, lang, name, SETTLE_FRAMES)

    def _wait(self, orientation, lang, name, frames) -> None:
        if self.app.worker.pending or frames > 0:
            Clock.schedule_once(
                lambda _dt: self._wait(
                    orientation, lang, name, frames - (0 if self.app.worker.pending else 1)
                ),
                0.05,
            )
            return
        path = self.out_dir / f"{orientation}-{lang}-{name}.png"
        saved = Window.screenshot(name=str(path.with_suffix("")) + "%(counter)s.png")
        if saved:
            Path(saved).replace(path)
            self.paths.append(path)
        Clock.schedule_once(self._next, 0)
