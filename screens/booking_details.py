"""The booking's details step: a name picked from common surnames (no pinyin), and the phone.

Every key either changes the form or is dimmed and disabled (a form of address before a
surname, 删除/清空 with nothing typed, digits when the number is full), so no tap goes nowhere.
"""

from __future__ import annotations

from kivy.uix.boxlayout import BoxLayout

from screens.booking_form import anonymous_name
from screens.widgets.common import BodyLabel
from screens.widgets.keyboard import KEY_HEIGHT_PX, DigitKeypad
from screens.widgets.name_picker import NamePicker


class DetailsStep:
    """The widgets of the step, bound to ``screen.form``; :meth:`refresh` after every change."""

    def __init__(self, screen, body, next_button) -> None:
        self.screen = screen
        self.form = screen.form
        landscape = screen.app.root.width > screen.app.root.height
        row = BoxLayout(
            orientation="horizontal" if landscape else "vertical", spacing=32, size_hint_y=None
        )
        # both columns start at the top of the row, whichever is taller
        left = BoxLayout(orientation="vertical", spacing=12, size_hint_y=None, pos_hint={"top": 1})
        right = BoxLayout(orientation="vertical", spacing=12, size_hint_y=None, pos_hint={"top": 1})
        for column in (left, right):
            column.bind(minimum_height=column.setter("height"))
        if landscape:
            for column in (left, right):
                column.bind(
                    height=lambda *_: setattr(row, "height", max(left.height, right.height))
                )
        else:
            row.bind(minimum_height=row.setter("height"))
        self.name_label = BodyLabel(base_size=40)
        self.name_hint = BodyLabel(text=screen.tr("booking.name_hint"), tone="muted")
        self.picker = NamePicker()
        self.picker.bind(
            on_surname=lambda _p, s: self.change(lambda: self.form.toggle_surname(s)),
            on_form_of_address=lambda _p, f: self.change(
                lambda: self.form.toggle_form_of_address(f)
            ),
            on_clear=lambda _p: self.change(self.form.clear_name),
        )
        self.phone_label = BodyLabel(base_size=48)
        self.keypad = DigitKeypad(key_height_px=KEY_HEIGHT_PX)
        self.keypad.bind(
            on_digit=lambda _k, d: self.change(lambda: self.form.add_digit(d)),
            on_backspace=lambda _k: self.change(self._backspace),
            on_clear=lambda _k: self.change(self._clear_phone),
        )
        # Left: what to tap for a name; right: what was picked, the phone and 下一步, so that in
        # landscape the whole step fits on the screen without scrolling.
        for widget in (self.picker, self.name_hint):
            left.add_widget(widget)
        for widget in (self.name_label, self.phone_label, self.keypad, next_button):
            right.add_widget(widget)
        row.add_widget(left)
        row.add_widget(right)
        body.add_widget(row)
        self.refresh()

    def _backspace(self) -> None:
        self.form.phone = self.form.phone[:-1]

    def _clear_phone(self) -> None:
        self.form.phone = ""

    def change(self, edit) -> None:
        edit()
        self.refresh()

    def refresh(self) -> None:
        form, tr = self.form, self.screen.tr
        if form.name:
            shown = form.name
        else:  # what the adviser will read instead of a name
            last4 = form.phone[-4:] if len(form.phone) >= 4 else "····"
            shown = tr("booking.name_none", anonymous=anonymous_name(last4))
        self.name_label.text = tr("booking.name_label", value=shown)
        self.phone_label.text = tr("booking.phone_label", value=form.phone or "—")
        self.picker.show(form.surname, form.form_of_address)
        self.keypad.show(form.phone, full=form.phone_full())
