"""Booking that an elderly person can finish (issue 13): the real kiosk under Xvfb, real taps,
against a real hub process on loopback.

- every key of every keyboard the booking flow shows changes something, or is dimmed and disabled;
- a name is picked (王 + 阿姨), never typed in pinyin: the hub stores Chinese characters, and
  without a surname the adviser reads 居民（尾号1234）;
- the done screen names the adviser, the time on one line, the place and what to do next;
- "call now" is offered only while an adviser is on duty, in a calm colour, never as an alarm;
- name and phone are gone when the flow is left, and never in usage events.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from contract.i18n import Translator
from tests.support.booking_steps import PHONE, body_button, reveal_and_tap
from tests.support.live_booking import hub_rows, set_all_on_duty

pytestmark = pytest.mark.ui


def open_details(ui):
    """Home → 预约 → this village's adviser → the first free slot: the details step."""
    from screens.widgets.common import BigButton, ListItem

    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    assert booking.step == "advisers"
    reveal_and_tap(ui, ui.find_all(booking.ids.body, ListItem)[0])
    assert booking.step == "slots"
    slots = ui.find_all(booking.ids.body, BigButton, role="chip")
    assert slots, "the demo adviser has no free slot in the next days"
    reveal_and_tap(ui, slots[0])
    assert booking.step == "details"
    return booking


def key_text(ui, key: str) -> str:
    return ui.app.tr(key)


def visible_text(ui, root) -> str:
    return " ".join(w.text for w in ui.find_all(root) if isinstance(getattr(w, "text", None), str))


def assert_every_key_works_or_looks_disabled(ui, keys, state, tap) -> int:
    """Tap each key in turn: a key that is enabled changes ``state()``; a disabled one is dimmed
    (and a tap on it changes nothing). Returns how many keys were tapped enabled."""
    enabled = 0
    for key in keys:
        before = state()
        if key.disabled:
            assert key.opacity <= 0.5, f"key {key.text!r} is disabled but looks usable"
            tap(key)
            assert state() == before, f"disabled key {key.text!r} changed something"
            continue
        assert key.opacity == 1
        tap(key)
        assert state() != before, f"key {key.text!r} did nothing"
        enabled += 1
    return enabled


def test_every_key_of_the_booking_keyboards_changes_something_or_is_dimmed(ui, live):
    from screens.widgets.common import KioskButton

    booking = open_details(ui)
    next_text = key_text(ui, "booking.next")
    keys = [k for k in ui.find_all(booking.ids.body, KioskButton) if k.text != next_text]
    assert len(keys) >= 40

    def state():
        form = booking.form
        texts = tuple(w.text for w in ui.find_all(booking.ids.body) if hasattr(w, "text"))
        return (form.name, form.phone, texts, tuple((k.disabled, k.role) for k in keys))

    assert assert_every_key_works_or_looks_disabled(
        ui, keys, state, lambda k: reveal_and_tap(ui, k)
    ) == len(keys)  # in this order each key is usable when its turn comes
    # From an empty form, what cannot work yet is dimmed: forms of address, 重选, 删除, 清空.
    ui.tap(booking.ids.bar.ids.home)
    booking = open_details(ui)
    keys = [k for k in ui.find_all(booking.ids.body, KioskButton) if k.text != next_text]
    dimmed = {k.text for k in keys if k.disabled}
    assert dimmed == {
        key_text(ui, f"booking.form_of_address.{f}") for f in ("mr", "ms", "auntie", "uncle")
    } | {key_text(ui, "booking.name_clear"), key_text(ui, "keyboard.backspace")} | {
        key_text(ui, "keyboard.clear")
    }
    assert assert_every_key_works_or_looks_disabled(
        ui, keys, state, lambda k: reveal_and_tap(ui, k)
    )
    # A full number: the digits are dimmed, 删除 and 清空 still work.
    keypad = booking.details.keypad
    for digit in "013800001111":
        reveal_and_tap(ui, keypad.keys[digit[-1]])
    assert booking.form.phone_full()
    assert all(keypad.keys[d].disabled and keypad.keys[d].opacity <= 0.5 for d in "0123456789")

    # The booking code keypad that 已预约？输入预约码 opens.
    ui.tap(booking.ids.bar.ids.home)
    ui.tap(ui.screen("home").ids.tile_booking)
    ui.tap(ui.screen("booking").ids.code_entry)
    call = ui.screen("call")
    assert ui.current == "call"
    code_keys = list(call.ids.keypad.children)[::-1]

    def code_state():
        return call.code, tuple(k.disabled for k in code_keys)

    assert code_keys[-1].disabled  # 删除 with nothing typed
    assert assert_every_key_works_or_looks_disabled(ui, code_keys, code_state, ui.tap) == 11
    ui.tap(code_keys[0])
    assert len(call.code) == 10  # full: every letter is dimmed, 删除 still works
    assert all(k.disabled and k.opacity <= 0.5 for k in code_keys[:-1])
    assert not code_keys[-1].disabled


@pytest.mark.parametrize(
    ("taps", "stored"),
    [(("王", "booking.form_of_address.auntie"), "王阿姨"), ((), "居民（尾号4321）")],
    ids=["surname-and-form", "phone-only"],
)
def test_a_name_is_picked_not_typed_and_the_adviser_reads_chinese(ui, live, hub, taps, stored):
    booking = open_details(ui)
    for tap in taps:
        reveal_and_tap(ui, body_button(ui, tap if len(tap) == 1 else key_text(ui, tap)))
    keypad = booking.details.keypad
    for digit in PHONE:
        reveal_and_tap(ui, keypad.keys[digit])
    assert stored in booking.details.name_label.text or not taps
    reveal_and_tap(ui, body_button(ui, key_text(ui, "booking.next")))
    assert booking.step == "consent"
    reveal_and_tap(ui, body_button(ui, key_text(ui, "booking.agree_and_book")))
    assert booking.step == "done", visible_text(ui, booking)
    code = booking.result["code"]
    assert hub_rows(
        hub, "SELECT resident_name, resident_phone FROM bookings WHERE code = ?", (code,)
    ) == [(stored, PHONE)]
    assert not re.search(r"[A-Za-z]", stored)  # what the adviser console shows: never "wang"
    # Privacy: nothing of the resident in events, on the done screen, or after leaving.
    assert not any(PHONE in str(e) or stored in str(e) for e in ui.app.services.events)
    assert PHONE not in visible_text(ui, booking) and stored not in visible_text(ui, booking)
    assert (booking.form.name, booking.form.phone) == ("", "")


def test_leaving_the_flow_clears_the_picked_name_and_phone(ui, live):
    booking = open_details(ui)
    reveal_and_tap(ui, body_button(ui, "李"))
    reveal_and_tap(ui, body_button(ui, key_text(ui, "booking.form_of_address.uncle")))
    for digit in PHONE:
        reveal_and_tap(ui, booking.details.keypad.keys[digit])
    assert (booking.form.name, booking.form.phone) == ("李大爷", PHONE)
    ui.tap(booking.ids.bar.ids.home)
    assert (booking.form.name, booking.form.phone, booking.form.adviser) == ("", "", None)
    booking = open_details(ui)
    assert "李大爷" not in visible_text(ui, booking) and PHONE not in visible_text(ui, booking)
    assert booking.details.picker.surname_keys["李"].role == "plain"


def test_done_screen_names_adviser_time_on_one_line_place_and_next_step(ui, live, hub):
    from kiosk.booking.site import terminal_site

    booking = open_details(ui)
    adviser = booking.form.adviser["name"]
    slot_start = booking.form.slot["start"]
    reveal_and_tap(ui, body_button(ui, "张"))
    for digit in PHONE:
        reveal_and_tap(ui, booking.details.keypad.keys[digit])
    reveal_and_tap(ui, body_button(ui, key_text(ui, "booking.next")))
    reveal_and_tap(ui, body_button(ui, key_text(ui, "booking.agree_and_book")))
    assert booking.step == "done"
    shown = visible_text(ui, booking.ids.body)
    config = ui.app.services.config
    assert ui.app.tr("booking.done_adviser", adviser=adviser) in shown
    assert ui.app.tr("booking.done_place", place=terminal_site(config.terminal)) in shown
    assert ui.app.tr("booking.next_steps") in shown
    when = booking.when_label
    hhmm = slot_start[11:16]  # the hub answers in +08:00, the terminal's zone (Asia/Shanghai)
    assert re.search(rf"{hhmm}–\d\d:\d\d$", when.text), when.text
    weekday = datetime.fromisoformat(slot_start).weekday()
    assert Translator(ui.app.lang)(f"tickets.weekday.{weekday}") in when.text
    assert "\n" not in when.text and when.text_size == [None, None]
    assert when.texture_size[0] <= when.parent.width + 1  # fits: never cut, never wrapped
    assert when.texture_size[1] < 2 * when.font_size  # one line high


def test_call_now_is_offered_only_while_an_adviser_is_on_duty(ui, live, hub):
    ui.tap(ui.screen("home").ids.tile_booking)
    booking = ui.screen("booking")
    offer = booking.ids.call_now_offer
    assert not booking.call_now_available
    assert (offer.width, offer.opacity, offer.disabled) == (0, 0, True)
    assert (
        ui.app.tr("booking.call_now_offer") not in visible_text(ui, booking) or offer.opacity == 0
    )
    ui.tap(booking.ids.bar.ids.home)
    set_all_on_duty(hub, True)
    ui.tap(ui.screen("home").ids.tile_booking)
    assert booking.call_now_available
    assert offer.opacity == 1 and not offer.disabled and min(offer.size) >= 96
    assert offer.text == ui.app.tr("booking.call_now_offer")
    assert offer.role != "accent"  # the theme's calm primary colour, not the alarm red
    ui.tap(offer)
    assert ui.current == "call" and ui.screen("call").can_call_now
