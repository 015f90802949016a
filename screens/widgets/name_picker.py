"""Giving a name without typing: a grid of common surnames, the forms of address, and 清除.

Like the keyboards it is dumb: it fires events and the screen owns the form. A key that would
change nothing is dimmed and disabled (a form of address before a surname, 清除 with no name).
Events: ``on_surname(surname)``, ``on_form_of_address(form)``, ``on_clear()``.
"""

from __future__ import annotations

from kivy.app import App
from kivy.uix.gridlayout import GridLayout

from contract.resident_names import COMMON_SURNAMES, FORMS_OF_ADDRESS
from screens.widgets.common import BigButton
from screens.widgets.keyboard import KEY_HEIGHT_PX, set_enabled

SURNAME_COLUMNS = 8
SPACING_PX = 8


class NamePicker(GridLayout):
    __events__ = ("on_surname", "on_form_of_address", "on_clear")

    def __init__(self, **kwargs) -> None:
        super().__init__(cols=1, spacing=SPACING_PX, size_hint_y=None, **kwargs)
        t = App.get_running_app().tr
        rows = -(-len(COMMON_SURNAMES) // SURNAME_COLUMNS)  # rounded up
        surnames = GridLayout(
            cols=SURNAME_COLUMNS,
            spacing=SPACING_PX,
            size_hint_y=None,
            height=rows * KEY_HEIGHT_PX + (rows - 1) * SPACING_PX,
        )
        # Keys grow with large text (长辈模式): the rows grow with them instead of overlapping.
        surnames.bind(minimum_height=surnames.setter("height"))
        self.surname_keys: dict[str, BigButton] = {}
        for surname in COMMON_SURNAMES:
            key = BigButton(text=surname, role="plain", height=KEY_HEIGHT_PX, base_size=44)
            key.bind(on_release=lambda _b, s=surname: self.dispatch("on_surname", s))
            self.surname_keys[surname] = key
            surnames.add_widget(key)
        forms = GridLayout(rows=1, spacing=SPACING_PX, size_hint_y=None, height=KEY_HEIGHT_PX)
        forms.bind(minimum_height=forms.setter("height"))
        self.form_keys: dict[str, BigButton] = {}
        for key_name, form in FORMS_OF_ADDRESS:
            key = BigButton(
                text=t(f"booking.form_of_address.{key_name}"),
                role="chip",
                height=KEY_HEIGHT_PX,
                base_size=36,
            )
            key.bind(on_release=lambda _b, f=form: self.dispatch("on_form_of_address", f))
            self.form_keys[form] = key
            forms.add_widget(key)
        self.clear_key = BigButton(
            text=t("booking.name_clear"), role="chip", height=KEY_HEIGHT_PX, base_size=32
        )
        self.clear_key.bind(on_release=lambda _b: self.dispatch("on_clear"))
        forms.add_widget(self.clear_key)
        self.add_widget(surnames)
        self.add_widget(forms)
        self.bind(minimum_height=self.setter("height"))
        self.show("", "")

    @property
    def keys(self) -> list[BigButton]:
        return [*self.surname_keys.values(), *self.form_keys.values(), self.clear_key]

    def show(self, surname: str, form_of_address: str) -> None:
        """Mark the picked surname and form; dim what cannot be used yet."""
        for text, key in self.surname_keys.items():
            key.role = "primary" if text == surname else "plain"
        for text, key in self.form_keys.items():
            key.role = "primary" if surname and text == form_of_address else "chip"
            set_enabled(key, bool(surname))
        set_enabled(self.clear_key, bool(surname))

    def on_surname(self, surname: str) -> None:
        pass

    def on_form_of_address(self, form: str) -> None:
        pass

    def on_clear(self) -> None:
        pass
