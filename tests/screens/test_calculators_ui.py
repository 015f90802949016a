"""算一算 under Xvfb with real taps: a calculator from the home tile to the figure, the ticket,
one step back at a time, and nothing left for the next resident (issue 16)."""

from __future__ import annotations

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


def calc_button(ui, payload: str):
    from screens.widgets.common import BigButton

    return ui.find(ui.screen("calc").ids.body, BigButton, payload=payload)


def key(ui, label: str):
    return ui.screen("calc").keypad.keys[label]


def type_digits(ui, digits: str) -> None:
    for digit in digits:
        ui.reveal_and_tap(key(ui, digit))


def go_on(ui) -> None:
    ui.reveal_and_tap(ui.screen("calc").next_button)


@pytest.fixture
def landscape(ui):
    resize(ui, "landscape")
    return ui


def test_severance_from_the_home_tile_to_a_printed_estimate(landscape, file_printer, tmp_path):
    ui = landscape
    shots = shots_folder(tmp_path)
    ui.tap(ui.screen("home").ids.tile_calc)
    assert ui.current == "calc"
    screen = ui.screen("calc")
    assert screen.ids.prompt.text == ui.app.tr("calc.choose")
    save(ui, shots / "calc-choose-landscape-zh_CN.png")
    ui.reveal_and_tap(calc_button(ui, "severance"))
    assert screen.flow.question.key == "monthly_wage"
    assert screen.next_button.disabled  # nothing typed: 下一步 does nothing, and looks it
    assert key(ui, "del").disabled and not key(ui, "1").disabled
    type_digits(ui, "6500")
    assert screen.display.text == ui.app.tr("calc.ui.money", amount="6,500")
    save(ui, shots / "calc-wage-landscape-zh_CN.png")
    go_on(ui)
    type_digits(ui, "20180301")
    assert screen.display.text == ui.app.tr("calc.ui.date", year="2018", month="03", day="01")
    assert key(ui, "5").disabled  # eight digits: the pad is full
    save(ui, shots / "calc-date-landscape-zh_CN.png")
    go_on(ui)
    type_digits(ui, "20240915")
    go_on(ui)
    ui.reveal_and_tap(calc_button(ui, "no"))
    assert screen.flow.question.optional
    skip = ui.find(screen.ids.body, text=ui.app.tr("calc.ui.skip"))
    ui.reveal_and_tap(skip)
    # 6 years 6 months 14 days: 7 months of 6,500 yuan
    assert screen.flow.result is not None
    texts = [w.text for w in ui.find_all(screen.ids.body) if getattr(w, "text", "")]
    assert ui.app.tr("calc.figure", amount="45,500") in texts
    assert any("12348" in text for text in texts)  # the estimate notice and where to ask
    assert ui.events("calc.done")[-1]["props"] == {"calculator": "severance"}
    save(ui, shots / "calc-result-landscape-zh_CN.png")
    ui.reveal_and_tap(ui.find(screen.ids.body, text=ui.app.tr("calc.ui.print")))
    preview = ui.app.ticket_preview
    assert preview is not None and preview.picture.texture is not None
    save(ui, shots / "calc-ticket-preview.png")
    ui.tap(preview.print_button)
    ui.settle()
    ui.tap(ui.app.message.ids.ok)
    printed = Image.open(file_printer.last_path)
    (code,) = decode(printed)
    assert code.data.decode("utf-8") == "tel:12348"
    assert ui.events("ticket.print")[-1]["props"] == {"kind": "calc", "ok": True}


def test_back_goes_one_question_back_keeping_the_answer(landscape):
    ui = landscape
    ui.app.nav.go("calc")
    ui.settle()
    screen = ui.screen("calc")
    ui.reveal_and_tap(calc_button(ui, "court-fee"))
    ui.reveal_and_tap(calc_button(ui, "property"))
    type_digits(ui, "250000")
    go_on(ui)
    assert screen.flow.question.key == "procedure"
    ui.tap(screen.ids.bar.ids.back)
    assert ui.current == "calc" and screen.flow.question.key == "amount"
    assert screen.display.text == ui.app.tr("calc.ui.money", amount="250,000")
    ui.tap(screen.ids.bar.ids.back)
    assert screen.flow.question.key == "case"
    chosen = calc_button(ui, "property")
    assert chosen.role == "primary"  # the answer given is shown as chosen
    ui.tap(screen.ids.bar.ids.back)
    assert screen.flow.calculator is None and ui.current == "calc"
    ui.tap(screen.ids.bar.ids.back)
    assert ui.current == "home"


def test_a_wrong_date_is_said_in_words_on_the_same_question(landscape):
    ui = landscape
    ui.app.nav.go("calc", calculator="severance")
    ui.settle()
    screen = ui.screen("calc")
    type_digits(ui, "5000")
    go_on(ui)
    type_digits(ui, "20231340")
    go_on(ui)
    assert screen.flow.question.key == "start"
    field = ui.app.tr("calc.field.start")
    assert screen.error_label.text == ui.app.tr("calc.error.not_date", field=field)
    ui.reveal_and_tap(key(ui, "del"))
    assert screen.error_label.text == ""


def test_home_forgets_every_figure_typed(landscape):
    ui = landscape
    ui.app.nav.go("calc", calculator="work-injury")
    ui.settle()
    screen = ui.screen("calc")
    ui.reveal_and_tap(calc_button(ui, "5"))
    type_digits(ui, "7300")
    ui.tap(screen.ids.bar.ids.home)
    assert ui.current == "home"
    assert screen.flow.answers == {} and screen.flow.typed == ""
    ui.tap(ui.screen("home").ids.tile_calc)
    assert screen.flow.calculator is None
    assert screen.ids.prompt.text == ui.app.tr("calc.choose")
    texts = " ".join(w.text for w in ui.find_all(screen.ids.body) if getattr(w, "text", ""))
    assert "7,300" not in texts and "7300" not in texts


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_questions_fit_in_every_orientation_and_language(ui, orientation, lang, tmp_path):
    shots = shots_folder(tmp_path)
    resize(ui, orientation)
    if ui.app.lang != lang:
        ui.app.toggle_language()
    ui.app.toggle_elderly_mode()  # the largest text residents get
    try:
        ui.app.nav.go("calc", calculator="court-fee")
        ui.settle()
        screen = ui.screen("calc")
        for question in ("case", "amount"):
            assert screen.flow.question.key == question
            buttons = [w for w in ui.find_all(screen.ids.body) if hasattr(w, "role")]
            if question == "case":  # a grid of choices: rows line up, one column when narrow
                assert len({round(b.height) for b in buttons}) == 1
                assert len({round(b.x) for b in buttons}) == (
                    2 if orientation == "landscape" else 1
                )
            for button in buttons:
                assert button.height >= 96 and button.width >= 96
                assert button.texture_size[0] <= button.width + 1  # text fits its button
            save(ui, shots / f"calc-{question}-{orientation}-{lang}-elderly.png")
            if question == "case":
                ui.reveal_and_tap(calc_button(ui, "property"))
        type_digits(ui, "1000000")
        go_on(ui)
        ui.reveal_and_tap(calc_button(ui, "mediated"))
        labels = [w for w in ui.find_all(screen.ids.body) if getattr(w, "text", "")]
        assert all(label.texture_size[0] <= label.width + 1 for label in labels)
        save(ui, shots / f"calc-result-{orientation}-{lang}-elderly.png")
    finally:
        ui.app.toggle_elderly_mode()
        if ui.app.lang != "zh_CN":
            ui.app.toggle_language()
        resize(ui, "landscape")


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_home_offers_the_calculators_as_a_tile_as_big_as_the_others(ui, orientation, tmp_path):
    resize(ui, orientation)
    ui.app.nav.home()
    ui.settle()
    home = ui.screen("home")
    tiles = [home.ids[f"tile_{name}"] for name in ("guides", "calc", "hotline")]
    assert {(round(t.width), round(t.height)) for t in tiles} == {
        (round(tiles[0].width), round(tiles[0].height))
    }
    assert tiles[1].height >= 170 and tiles[1].y >= 0
    save(ui, shots_folder(tmp_path) / f"home-with-calc-{orientation}.png")
    ui.tap(tiles[1])
    assert ui.current == "calc"
    resize(ui, "landscape")
