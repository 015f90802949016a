"""On-screen keyboards: letters for pinyin / initials, and a big digit keypad.

System IME support in Kivy is unreliable, so residents type only on these. The keyboards are
dumb: they fire events and the screen owns the text.
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.gridlayout import GridLayout

from screens.widgets.common import BigButton

ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
KEY_HEIGHT_PX = 96
DISABLED_OPACITY = 0.4  # a key that would do nothing now is dimmed and cannot be tapped


def set_enabled(key, enabled: bool) -> None:
    """Enable ``key``, or disable it and make it look so (never a key that silently does nothing)."""
    key.disabled = not enabled
    key.opacity = 1.0 if enabled else DISABLED_OPACITY


class LetterKeyboard(GridLayout):
    """QWERTY letters plus delete, clear, mode and search keys.

    Events: ``on_key(letter)``, ``on_backspace()``, ``on_clear()``, ``on_switch_mode()``, ``on_submit()``.
    ``mode`` is ``"pinyin"`` (letters become Chinese words through the candidate bar) or
    ``"letters"`` (the letters themselves are searched, e.g. initials ``lh``).
    """

    mode = StringProperty("pinyin")
    __events__ = ("on_key", "on_backspace", "on_clear", "on_switch_mode", "on_submit")

    def __init__(self, **kwargs) -> None:
        super().__init__(cols=1, spacing=8, size_hint_y=None, **kwargs)
        self.height = 4 * KEY_HEIGHT_PX + 3 * 8
        self.keys: dict[str, BigButton] = {}
        for row in ROWS:
            line = GridLayout(rows=1, spacing=8, size_hint_y=None, height=KEY_HEIGHT_PX)
            for letter in row:
                key = BigButton(text=letter, role="plain", height=KEY_HEIGHT_PX, base_size=40)
                key.bind(on_release=lambda _b, ch=letter: self.dispatch("on_key", ch))
                self.keys[letter] = key
                line.add_widget(key)
            self.add_widget(line)
        self._build_controls()

    def _build_controls(self) -> None:
        app = App.get_running_app()
        line = GridLayout(rows=1, spacing=8, size_hint_y=None, height=KEY_HEIGHT_PX)
        self.mode_key = BigButton(role="chip", height=KEY_HEIGHT_PX)
        self.backspace_key = BigButton(role="chip", height=KEY_HEIGHT_PX)
        self.clear_key = BigButton(role="chip", height=KEY_HEIGHT_PX)
        self.submit_key = BigButton(role="primary", height=KEY_HEIGHT_PX)
        for key, event in (
            (self.mode_key, "on_switch_mode"),
            (self.backspace_key, "on_backspace"),
            (self.clear_key, "on_clear"),
            (self.submit_key, "on_submit"),
        ):
            key.bind(on_release=lambda _b, ev=event: self.dispatch(ev))
            line.add_widget(key)
        self.add_widget(line)
        app.bind(lang=lambda *_: self.relabel())
        self.bind(mode=lambda *_: self.relabel())
        self.relabel()

    def relabel(self) -> None:
        t = App.get_running_app().tr
        self.mode_key.text = (
            t("keyboard.mode_letters") if self.mode == "pinyin" else t("keyboard.mode_pinyin")
        )
        self.backspace_key.text = t("keyboard.backspace")
        self.clear_key.text = t("keyboard.clear")
        self.submit_key.text = t("keyboard.search")

    def on_key(self, letter: str) -> None:
        pass

    def on_backspace(self) -> None:
        pass

    def on_clear(self) -> None:
        pass

    def on_switch_mode(self) -> None:
        pass

    def on_submit(self) -> None:
        pass


class DigitKeypad(GridLayout):
    """1-9, delete, 0, clear in big keys. Events: ``on_digit(d)``, ``on_backspace()``, ``on_clear()``."""

    __events__ = ("on_digit", "on_backspace", "on_clear")

    def __init__(self, *, key_height_px: int = 110, **kwargs) -> None:
        super().__init__(cols=3, spacing=10, size_hint_y=None, **kwargs)
        self.height = 4 * key_height_px + 3 * 10
        t = App.get_running_app().tr
        self.keys: dict[str, BigButton] = {}
        for label in ("1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "clear"):
            text = {"del": t("keyboard.backspace"), "clear": t("keyboard.clear")}.get(label, label)
            key = BigButton(
                text=text,
                role="plain" if label.isdigit() else "chip",
                height=key_height_px,
                base_size=48,
            )
            if label.isdigit():
                key.bind(on_release=lambda _b, d=label: self.dispatch("on_digit", d))
            else:
                key.bind(
                    on_release=lambda _b, ev=label: self.dispatch(
                        "on_backspace" if ev == "del" else "on_clear"
                    )
                )
            self.keys[label] = key
            self.add_widget(key)
        # Keys grow with large text (长辈模式): the keypad grows with them instead of overlapping.
        self.bind(minimum_height=self.setter("height"))

    def show(self, value: str, *, full: bool) -> None:
        """Dim the keys that would change nothing: digits when ``full``, 删除/清空 when empty."""
        for label, key in self.keys.items():
            set_enabled(key, not full if label.isdigit() else bool(value))

    def on_digit(self, digit: str) -> None:
        pass

    def on_backspace(self) -> None:
        pass

    def on_clear(self) -> None:
        pass
