"""Chinese line breaking wherever text wraps (issue 13): body and title text on the booking privacy
notice, the done screen, the hotline, an institution, legal aid, the rating question and the idle
countdown card, in landscape and in a 1080-wide portrait window, in normal and large text.

The lines checked are the ones Kivy lays out and draws (``label._label._cached_lines``), not our
own idea of them: no line starts with closing punctuation or ends with an opening one, and
nothing of the text is lost on the way.
"""

from __future__ import annotations

import pytest

from kiosk.text_wrap import NO_LINE_END, NO_LINE_START
from tests.support.booking_steps import StandInBooking, button, fill_details
from tests.support.shots import resize, save, shots_folder

pytestmark = pytest.mark.ui


def drawn_lines(label) -> list[str]:
    label.texture_update()
    return ["".join(word.text for word in line.words) for line in label._label._cached_lines]


def check_labels(ui, root, where: str) -> int:
    """Every body/title label under ``root`` drawn by the rules; returns how many wrapped."""
    from screens.widgets.common import BodyLabel

    labels = [label for label in ui.find_all(root, BodyLabel) if label.text.strip()]
    assert labels, f"{where}: no body text found"
    wrapped = 0
    for label in labels:
        lines = [line.strip() for line in drawn_lines(label)]
        paragraphs = [p.strip() for p in label.text.split("\n")]
        for line in lines:
            # A paragraph's own first character (a "· " bullet) is where its author put it.
            starts_paragraph = any(p.startswith(line) for p in paragraphs)
            if len(line) > 1 and not starts_paragraph:
                assert line[0] not in NO_LINE_START, (
                    f"{where}: a line starts with {line[0]}: {line}"
                )
            if line:
                assert line[-1] not in NO_LINE_END, f"{where}: a line ends with {line[-1]}: {line}"
        drawn = "".join(lines).replace(" ", "")
        assert drawn == label.text.replace("\n", "").replace(" ", ""), f"{where}: text lost"
        wrapped += len([line for line in lines if line]) > 1
    return wrapped


def longest_place(ui) -> dict:
    services, terminal = ui.app.services, ui.app.services.config.terminal
    rows = services.places.nearby(services.store, terminal.lat, terminal.lng, limit=50)
    return max(rows, key=lambda row: len(str(row.get("services") or "")) + len(row["address"]))


@pytest.fixture(params=["landscape", "portrait"])
def window(ui, request):
    resize(ui, request.param)
    yield request.param
    resize(ui, "landscape")


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_body_and_title_text_breaks_by_the_rules_on_every_screen(ui, window, large, tmp_path):
    app = ui.app
    if large:
        app.toggle_large_text()
    folder = shots_folder(tmp_path)
    tag = f"{window}-{'large' if large else 'normal'}"
    wrapped = 0
    try:
        for route in ("hotline", "legal_aid"):
            app.nav.go(route)
            ui.settle()
            ui.pump(3)
            wrapped += check_labels(ui, ui.screen(route), route)
        save(ui, folder / f"{tag}-legal_aid-lines.png")

        app.nav.go("institution", place=longest_place(ui))
        ui.settle()
        ui.pump(3)
        wrapped += check_labels(ui, ui.screen("institution"), "institution")

        app.services.booking = StandInBooking()
        app.nav.home()
        ui.settle()
        ui.tap(ui.screen("home").ids.tile_booking)
        booking = ui.screen("booking")
        fill_details(ui, booking)
        ui.reveal_and_tap(button(ui, booking.ids.body, "booking.next"))
        assert booking.step == "consent"
        ui.pump(3)
        wrapped += check_labels(ui, booking.ids.body, "privacy notice")
        save(ui, folder / f"{tag}-booking-privacy-lines.png")
        ui.reveal_and_tap(button(ui, booking.ids.body, "booking.agree_and_book"))
        assert booking.step == "done"
        app.rating.dismiss()
        ui.pump(3)
        wrapped += check_labels(ui, booking.ids.body, "done screen")
        save(ui, folder / f"{tag}-booking-done-lines.png")

        app.rating.offer("booking")
        ui.pump(3)
        wrapped += check_labels(ui, app.rating.prompt, "rating question")
        app.rating.dismiss()

        ui.clock.advance(app.services.session.idle_timeout_s + 1)  # nobody touches: the card
        ui.wait_idle_tick()
        assert app.idle.view is not None
        ui.pump(3)
        wrapped += check_labels(ui, app.idle.view, "countdown card")
        save(ui, folder / f"{tag}-countdown-lines.png")
        ui.tap(app.idle.view.ids.keep_going)
        assert app.idle.view is None
    finally:
        app.services.booking = None
        app.rating.dismiss()
        app.idle.hide_countdown()
        if large:
            app.toggle_large_text()
        app.nav.home()
        ui.settle()
    assert wrapped >= 5, "too few labels wrapped: the check would prove little"
