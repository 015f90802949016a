"""算一算: court fees, severance and the disability benefit, one question per screen.

The flow (what is asked, what was answered, the figure) is :class:`kiosk.calc.flow.CalcFlow`;
this screen only shows it: large choice buttons, a digit pad for money and dates, the figure
with the working and the law, and the next steps (book an adviser, print, 12348). 返回 goes one
question back; leaving the screen forgets every figure typed.
"""

from __future__ import annotations

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout

from kiosk.calc.answers import CALCULATORS
from kiosk.calc.flow import CalcFlow, date_parts, grouped
from kiosk.calc.presentation import (
    error_text,
    figure_text,
    take_home_lines,
    title,
    working_lines,
)
from kiosk.calc.questions import CHOICE, DATE
from screens.widgets.base import KioskScreen
from screens.widgets.common import BigButton, BodyLabel, TitleLabel
from screens.widgets.keyboard import DigitKeypad, set_enabled
from screens.widgets.reader_label import ReaderLabel

PAD_WIDTH = 560


def landscape() -> bool:
    """The window's orientation (a screen not shown yet may still have its old size)."""
    return Window.width > Window.height


def even_heights(buttons: list) -> None:
    """Buttons of one grid as high as the highest text needs, so the rows line up."""

    def fit(*_args) -> None:
        height = max(96, *(b.texture_size[1] + 24 for b in buttons))
        for button in buttons:
            button.height = height

    # After BigButton's own rule (height from its texture) has run for the new text.
    refit = Clock.create_trigger(fit, 0)
    for button in buttons:
        button.bind(texture_size=refit)
    refit()


class CalcScreen(KioskScreen):
    resident_input = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flow = CalcFlow()
        self.display: BodyLabel | None = None
        self.error_label: BodyLabel | None = None
        self.keypad: DigitKeypad | None = None
        self.next_button: BigButton | None = None

    # -- showing ------------------------------------------------------------------------------
    def prepare(self, **params) -> None:
        self.ids.bar.speak_callback = self.read_aloud
        self.ids.bar.show_speak = bool(self.services.speech.available)
        calculator = params.get("calculator")
        if calculator in CALCULATORS and self.flow.calculator != calculator:
            self.flow.start(calculator)
        self.show()

    def show(self) -> None:
        flow = self.flow
        if flow.calculator is None:
            self._show_choose()
        elif flow.result is not None:
            self._show_result()
        else:
            self._show_question()
        self.ids.scroll.scroll_y = 1
        Clock.schedule_once(lambda _dt: setattr(self.ids.scroll, "scroll_y", 1), 0)

    def _heading(self, progress: str, prompt: str, hint: str) -> GridLayout:
        self.ids.progress.text = progress
        self.ids.prompt.text = prompt
        self.ids.hint.text = hint
        body = self.ids.body
        body.clear_widgets()
        self.display = self.error_label = self.keypad = self.next_button = None
        return body

    def _button(self, text: str, callback, role: str = "primary", **kwargs) -> BigButton:
        button = BigButton(text=text, role=role, **kwargs)
        button.bind(on_release=lambda _b: callback())
        return button

    def _show_choose(self) -> None:
        body = self._heading("", self.tr("calc.choose"), self.tr("calc.choose_hint"))
        for calculator in CALCULATORS:
            text = f"{title(self.tr, calculator)}\n{self.tr(f'calc.about.{calculator}')}"
            button = self._button(text, lambda c=calculator: self.start(c), base_size=36)
            button.payload = calculator
            body.add_widget(button)

    def _show_question(self) -> None:
        flow = self.flow
        question = flow.question
        number, total = flow.progress()
        body = self._heading(
            self.tr("calc.ui.step", name=title(self.tr, flow.calculator), n=number, total=total),
            self.tr(question.prompt_key),
            self.tr(question.hint_key),
        )
        if question.kind == CHOICE:
            wide = landscape()
            cols = 5 if question.key == "grade" else (2 if wide else 1)
            grid = GridLayout(cols=cols, spacing=16, size_hint_y=None)
            grid.bind(minimum_height=grid.setter("height"))
            for value in question.choices:
                button = self._button(
                    self.tr(question.choice_key(value)),
                    lambda v=value: self.choose(v),
                    role="primary" if flow.answers.get(question.key) == value else "plain",
                    base_size=36,
                )
                button.payload = value
                grid.add_widget(button)
            even_heights(list(grid.children))
            body.add_widget(grid)
        else:
            self._show_pad(body, optional=question.optional)
        if flow.error is not None:
            self._show_error(body)

    def _show_pad(self, body: GridLayout, *, optional: bool) -> None:
        wide = landscape()
        self.display = BodyLabel(base_size=64, tone="primary", halign="center", bold=True)
        body.add_widget(self.display)
        self.error_label = ReaderLabel(tone="accent", base_size=34)
        body.add_widget(self.error_label)
        row = BoxLayout(
            orientation="horizontal" if wide else "vertical", spacing=24, size_hint_y=None
        )
        keypad = self.keypad = DigitKeypad(size_hint_x=None if wide else 1, width=PAD_WIDTH)
        keypad.bind(
            on_digit=lambda _k, d: self._pad(self.flow.type_digit, d),
            on_backspace=lambda _k: self._pad(self.flow.backspace),
            on_clear=lambda _k: self._pad(self.flow.clear_typed),
        )
        actions = BoxLayout(orientation="vertical", spacing=16, size_hint_y=None)
        self.next_button = self._button(self.tr("calc.ui.next"), self.go_on)
        actions.add_widget(self.next_button)
        if optional:
            actions.add_widget(self._button(self.tr("calc.ui.skip"), self.skip, role="chip"))
        actions.bind(minimum_height=actions.setter("height"))
        row.add_widget(keypad)
        row.add_widget(actions)

        def fit(*_args) -> None:
            heights = (keypad.height, actions.height)
            row.height = max(heights) if wide else sum(heights) + row.spacing

        for widget in (keypad, actions):
            widget.bind(height=fit)
        fit()
        body.add_widget(row)
        self._refresh_pad()

    def _pad(self, action, *args) -> None:
        action(*args)
        self._refresh_pad()

    def _refresh_pad(self) -> None:
        flow, question = self.flow, self.flow.question
        if self.display is None or question is None:
            return
        if question.kind == DATE:
            year, month, day = date_parts(flow.typed)
            self.display.text = self.tr("calc.ui.date", year=year, month=month, day=day)
        else:
            typed = grouped(flow.typed)
            self.display.text = self.tr("calc.ui.money", amount=typed) if typed else "—"
        self.error_label.text = error_text(self.tr, flow.error) if flow.error else ""
        self.keypad.show(flow.typed, full=flow.pad_full())
        set_enabled(self.next_button, flow.can_go_on())

    def _show_error(self, body: GridLayout) -> None:
        if self.error_label is None:
            self.error_label = ReaderLabel(tone="accent", base_size=34)
            body.add_widget(self.error_label, index=len(body.children))
        self.error_label.text = error_text(self.tr, self.flow.error)

    def _show_result(self) -> None:
        flow = self.flow
        body = self._heading(self.tr("calc.ui.result"), title(self.tr, flow.calculator), "")
        figure = TitleLabel(text=figure_text(self.tr, flow.result), tone="accent", base_size=72)
        body.add_widget(figure)
        body.add_widget(ReaderLabel(text=self.tr("calc.notice.estimate"), tone="primary"))
        actions = GridLayout(cols=3 if landscape() else 1, spacing=16)
        actions.size_hint_y = None
        actions.bind(minimum_height=actions.setter("height"))
        actions.add_widget(self._button(self.tr("calc.ui.book"), self.book))
        actions.add_widget(self._button(self.tr("calc.ui.print"), self.print_result, "chip"))
        actions.add_widget(self._button(self.tr("calc.ui.again"), self.again, "plain"))
        body.add_widget(actions)  # above the working: the next step never below the fold
        body.add_widget(TitleLabel(text=self.tr("calc.ui.working"), base_size=36))
        for line in working_lines(self.tr, flow.result):
            body.add_widget(ReaderLabel(text=line, base_size=32))

    # -- taps ---------------------------------------------------------------------------------
    def start(self, calculator: str) -> None:
        self.flow.start(calculator)
        self.show()

    def choose(self, value: str) -> None:
        self.flow.choose(value)
        self._after_answer()

    def go_on(self) -> None:
        if self.flow.next():
            self._after_answer()
        else:
            self._refresh_pad()

    def skip(self) -> None:
        self.flow.skip()
        self._after_answer()

    def _after_answer(self) -> None:
        if self.flow.result is not None:
            self.record("calc.done", calculator=self.flow.calculator)
        self.show()
        if self.app.read_aloud and self.services.speech.available:
            self.read_aloud()  # each question read as it opens (长辈模式, 语音朗读)

    def step_back(self) -> bool:
        if not self.flow.back():
            return False
        self.show()
        return True

    def again(self) -> None:
        self.flow.again()
        self.show()

    def book(self) -> None:
        self.app.nav.go("booking")

    def print_result(self) -> None:
        from screens.printing import print_calculation

        flow = self.flow
        print_calculation(
            self.app,
            title=title(self.tr, flow.calculator),
            figure=figure_text(self.tr, flow.result),
            lines=take_home_lines(self.tr, flow.result),
        )

    def read_aloud(self) -> None:
        flow, question = self.flow, self.flow.question
        if flow.result is not None:
            parts = [figure_text(self.tr, flow.result), *take_home_lines(self.tr, flow.result)]
        else:
            parts = [self.ids.prompt.text, self.ids.hint.text]
            if question is not None and question.kind == CHOICE:
                parts += [self.tr(question.choice_key(value)) for value in question.choices]
            elif question is None:
                parts += [title(self.tr, c) for c in CALCULATORS]
            if flow.error is not None:
                parts.append(error_text(self.tr, flow.error))
        self.speak([part for part in parts if part])

    def clear(self) -> None:
        self.flow.wipe()
        if "body" in self.ids:
            self.ids.body.clear_widgets()
            self.ids.progress.text = self.ids.prompt.text = self.ids.hint.text = ""
        self.display = self.error_label = self.keypad = self.next_button = None
