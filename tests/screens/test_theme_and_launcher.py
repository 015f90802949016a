"""Colour contrast, the booking form, and Kivy's kiosk configuration (set before Kivy starts)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from screens.booking_form import BookingForm
from screens.widgets.palette import HIGH_CONTRAST, NORMAL, PAIRS, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("foreground", "background"), PAIRS)
def test_normal_palette_reaches_4_5_to_1(foreground, background):
    assert contrast_ratio(NORMAL[foreground], NORMAL[background]) >= 4.5


@pytest.mark.parametrize(("foreground", "background"), PAIRS)
def test_high_contrast_palette_reaches_7_to_1(foreground, background):
    assert contrast_ratio(HIGH_CONTRAST[foreground], HIGH_CONTRAST[background]) >= 7.0


def test_contrast_ratio_extremes():
    assert round(contrast_ratio("#000000", "#FFFFFF"), 1) == 21.0
    assert contrast_ratio("#777777", "#777777") == 1.0


def test_booking_form_validates_and_wipes():
    form = BookingForm(adviser={"id": "a"}, slot={"start": "2026-11-27T14:00:00+08:00"})
    for digit in "1380000111122":
        form.add_digit(digit)
    assert form.phone == "138000011112"  # at most 12 digits
    assert not form.phone_ok()
    form.phone = "13800001111"
    assert form.contact_name() == "居民（尾号1111）"  # no surname picked: named by the phone
    form.toggle_form_of_address("阿姨")
    assert form.name == ""  # a form of address alone names nobody
    form.toggle_surname("王")
    form.toggle_form_of_address("阿姨")
    assert form.name == form.contact_name() == "王阿姨"
    form.toggle_surname("王")  # the picked surname again takes it back
    assert (form.surname, form.form_of_address) == ("", "")
    form.toggle_surname("李")
    assert form.phone_ok() and not form.ready()
    form.consent = True
    assert form.ready() and form.masked_phone() == "138****1111"
    key = form.idempotency_key
    form.wipe()
    assert (form.name, form.phone, form.consent, form.adviser, form.slot) == (
        "",
        "",
        False,
        None,
        None,
    )
    assert form.idempotency_key != key


def test_kiosk_mode_config_is_set_before_kivy_starts(tmp_path):
    code = (
        "import json, sys\n"
        "from kiosk.config import load_config\n"
        "from screens.launcher import configure_kivy\n"
        f"config = load_config(None, data_dir={str(tmp_path)!r}, environ={{}})\n"
        "configure_kivy(config)\n"
        "assert 'kivy.core.window' not in sys.modules\n"
        "from kivy.config import Config\n"
        "print(json.dumps({'input': dict(Config.items('input')),"
        " 'fullscreen': Config.get('graphics', 'fullscreen'), 'borderless': Config.get('graphics', 'borderless'),"
        " 'cursor': Config.get('graphics', 'show_cursor'), 'escape': Config.get('kivy', 'exit_on_escape')}))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == {
        "input": {"mouse": "mouse,disable_multitouch"},
        "fullscreen": "auto",
        "borderless": "1",
        "cursor": "0",
        "escape": "0",
    }
    assert (tmp_path / "kivy").is_dir()  # KIVY_HOME lives in the data folder
