"""Touchscreen discovery from /proc text and the Kivy [input] section written for one device."""

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.device.touch import (
    Calibration,
    input_section,
    list_touch_devices,
    parse_bitmap,
    parse_proc_devices,
    read_input_settings,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "proc_input_devices.txt"


def proc_text():
    return FIXTURE.read_text(encoding="utf-8")


def test_bitmaps_read_most_significant_word_first():
    assert parse_bitmap("400 0 0 0 0 0", 64) >> 330 & 1 == 1
    assert parse_bitmap("400 0 0 0 0 0 0 0 0 0 0", 32) >> 330 & 1 == 1
    assert parse_bitmap("0") == 0


def test_only_the_two_touchscreens_are_found_not_the_touchpad_mouse_or_keyboard():
    devices = list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)
    assert [(d.event, d.name, d.provider, d.multitouch) for d in devices] == [
        ("event4", "eGalax Inc. USB TouchController", "hidinput", False),
        ("event5", "ILITEK ILITEK-TP", "mtdev", True),
    ]
    assert len(parse_proc_devices(proc_text(), 64)) == 6


def test_32_bit_words_as_on_raspberry_pi_os_armhf():
    text = proc_text().replace("KEY=400 0 0 0 0 0\n", "KEY=400 0 0 0 0 0 0 0 0 0 0\n")
    text = text.replace("ABS=260800000000003", "ABS=2608000 3")
    devices = list_touch_devices(text, sysfs_root=None, word_bits=32)
    assert [d.event for d in devices] == ["event4", "event5"]
    assert devices[1].provider == "mtdev"


def test_sysfs_capabilities_override_the_proc_text(tmp_path):
    # sysfs says event4 is a pointer (touchpad-like): it is no longer a touchscreen.
    caps = tmp_path / "event4" / "device"
    (caps / "capabilities").mkdir(parents=True)
    (caps / "properties").write_text("1\n")
    (caps / "capabilities" / "abs").write_text("3\n")
    (caps / "capabilities" / "key").write_text("400 0 0 0 0 0\n")
    devices = list_touch_devices(proc_text(), sysfs_root=tmp_path, word_bits=64)
    assert [d.event for d in devices] == ["event5"]


def test_section_names_one_provider_for_one_device_with_rotation_and_calibration():
    device = list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)[0]
    text = input_section(
        device, rotation=90, calibration=Calibration(min_x=120, max_x=3950, invert_y=True)
    )
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == [
        "[input]",
        "touchscreen = hidinput,/dev/input/event4,rotation=90,min_position_x=120,max_position_x=3950,invert_y=1",
    ]


def test_written_file_reads_back_as_kivy_settings(tmp_path):
    device = list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)[1]
    path = tmp_path / "kivy_input.ini"
    path.write_text(input_section(device, with_mouse=True), encoding="utf-8")
    assert read_input_settings(path) == [
        ("touchscreen", "mtdev,/dev/input/event5"),
        ("mouse", "mouse,disable_on_activity"),
    ]
    assert read_input_settings(tmp_path / "absent.ini") == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rotation": 45}, "rotation"),
        ({"provider": "probesysfs"}, "provider"),
        ({"calibration": Calibration(min_x=500, max_x=100)}, "min_x"),
    ],
)
def test_bad_options_are_refused(kwargs, message):
    device = list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)[0]
    with pytest.raises(ValueError, match=message):
        input_section(device, **kwargs)


def run_cli(*args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "touch-setup",
            "--proc",
            str(FIXTURE),
            "--sysfs",
            "none",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_lists_and_writes_for_the_named_device(tmp_path):
    listed = run_cli("--data", str(tmp_path), "--list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0].startswith("/dev/input/event4  eGalax")
    assert "/dev/input/event5  ILITEK" in listed.stdout

    ambiguous = run_cli("--data", str(tmp_path))
    assert ambiguous.returncode == 1 and "/dev/input/event5" in ambiguous.stderr
    assert not (tmp_path / "kivy_input.ini").exists()

    written = run_cli(
        "--data", str(tmp_path), "--device", "ilitek", "--rotation", "180", "--invert-x"
    )
    assert written.returncode == 0, written.stderr
    assert read_input_settings(tmp_path / "kivy_input.ini") == [
        ("touchscreen", "mtdev,/dev/input/event5,rotation=180,invert_x=1")
    ]
    out = tmp_path / "other.ini"
    again = run_cli("--data", str(tmp_path), "--device", "/dev/input/event4", "--out", str(out))
    assert again.returncode == 0 and read_input_settings(out)[0][1] == "hidinput,/dev/input/event4"


def test_cli_without_any_touchscreen_says_so(tmp_path):
    empty = tmp_path / "devices"
    empty.write_text(FIXTURE.read_text().split("\n\nI: Bus=0003 Vendor=0eef")[0] + "\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "touch-setup",
            "--proc",
            str(empty),
            "--sysfs",
            "none",
            "--data",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "touch-setup --list" in result.stderr


def apply(matrix, x, y):
    a, b, c, d, e, f = matrix
    return round(a * x + b * y + c, 6), round(d * x + e * y + f, 6)


def test_libinput_matrix_for_rotation_alone():
    from kiosk.device.touch import libinput_matrix

    device = list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)[1]
    assert libinput_matrix(device) == [1, 0, 0, 0, 1, 0]
    assert libinput_matrix(device, rotation=90) == [0, -1, 1, 1, 0, 0]
    assert libinput_matrix(device, rotation=180) == [-1, 0, 1, 0, -1, 1]
    # A screen turned 90° clockwise: the device's top-left corner is the screen's top-right.
    assert apply(libinput_matrix(device, rotation=90), 0, 0) == (1, 0)


def test_libinput_matrix_maps_the_measured_corners_onto_the_screen_corners():
    import dataclasses

    from kiosk.device.touch import libinput_matrix

    device = dataclasses.replace(
        list_touch_devices(proc_text(), sysfs_root=None, word_bits=64)[0],
        axes={"x": (0, 4095), "y": (0, 4095)},
    )
    cal = Calibration(min_x=100, max_x=3995, min_y=300, max_y=3800, invert_y=True)

    def norm(raw):
        return raw / 4095

    matrix = libinput_matrix(device, calibration=cal)
    assert apply(matrix, norm(100), norm(300)) == (0, 1)  # y inverted: the top edge reads 300
    assert apply(matrix, norm(3995), norm(3800)) == (1, 0)
    turned = libinput_matrix(device, rotation=270, calibration=cal)
    assert apply(turned, norm(100), norm(300)) == (1, 1)
    with pytest.raises(ValueError, match="axis range is unknown"):
        libinput_matrix(dataclasses.replace(device, axes={}), calibration=cal)


def test_cli_writes_a_udev_rule_for_the_compositor_path(tmp_path):
    out = tmp_path / "90-touch.rules"
    result = run_cli(
        "--data",
        str(tmp_path),
        "--device",
        "event5",
        "--libinput",
        "--rotation",
        "180",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    rule = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert rule == [
        'ACTION=="add|change", KERNEL=="event[0-9]*", ATTRS{name}=="ILITEK ILITEK-TP", '
        'ENV{LIBINPUT_CALIBRATION_MATRIX}="-1 0 1 0 -1 1"'
    ]
    assert "udevadm" in result.stdout
