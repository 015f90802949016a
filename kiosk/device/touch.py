"""Find touchscreens among the input devices and write Kivy's ``[input]`` section for one of them.

Two input providers reading one touchscreen is the classic cause of double touches in Kivy, so
the section written here names exactly ONE provider for ONE device (plus, only if asked, the
mouse provider with ``disable_on_activity``). Devices come from ``/proc/bus/input/devices``; their
capability bitmaps from the same text or, when present, ``/sys/class/input/<event>/device``.

A device is a touchscreen when it reports absolute X/Y (or multitouch X/Y) and either the
``INPUT_PROP_DIRECT`` property or ``BTN_TOUCH`` without ``INPUT_PROP_POINTER`` (touchpads are
pointers). Multitouch devices with slots get the ``mtdev`` provider, others ``hidinput``.

The app reads the written file with :func:`read_input_settings` before Kivy is imported.
"""

from __future__ import annotations

import configparser
import logging
import struct
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

PROC_DEVICES = Path("/proc/bus/input/devices")
SYSFS_INPUT = Path("/sys/class/input")
INPUT_FILE_NAME = "kivy_input.ini"
ROTATIONS = (0, 90, 180, 270)
PROVIDERS = ("hidinput", "mtdev")

# linux/input-event-codes.h
ABS_X, ABS_Y = 0x00, 0x01
ABS_MT_SLOT, ABS_MT_POSITION_X, ABS_MT_POSITION_Y = 0x2F, 0x35, 0x36
BTN_TOUCH = 0x14A
BTN_TOOL_FINGER = 0x145
INPUT_PROP_POINTER, INPUT_PROP_DIRECT = 0x00, 0x01
NATIVE_WORD_BITS = struct.calcsize("L") * 8


@dataclass(frozen=True)
class InputDevice:
    """One entry of ``/proc/bus/input/devices`` with its capability bitmaps as integers."""

    name: str
    event: str  # "event5"
    phys: str = ""
    vendor: str = ""
    product: str = ""
    props: int = 0
    abs_bits: int = 0
    key_bits: int = 0
    axes: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def node(self) -> str:
        return f"/dev/input/{self.event}"

    def has_abs(self, code: int) -> bool:
        return bool(self.abs_bits >> code & 1)

    def has_key(self, code: int) -> bool:
        return bool(self.key_bits >> code & 1)

    def has_prop(self, code: int) -> bool:
        return bool(self.props >> code & 1)

    @property
    def multitouch(self) -> bool:
        return self.has_abs(ABS_MT_POSITION_X) and self.has_abs(ABS_MT_POSITION_Y)

    @property
    def is_touchscreen(self) -> bool:
        absolute = (self.has_abs(ABS_X) and self.has_abs(ABS_Y)) or self.multitouch
        if not absolute or self.has_prop(INPUT_PROP_POINTER):
            return False
        if self.has_prop(INPUT_PROP_DIRECT):
            return True
        return self.has_key(BTN_TOUCH) and not self.has_key(BTN_TOOL_FINGER)

    @property
    def provider(self) -> str:
        """``mtdev`` for slotted multitouch (protocol B), ``hidinput`` otherwise."""
        return "mtdev" if self.multitouch and self.has_abs(ABS_MT_SLOT) else "hidinput"


def parse_bitmap(text: str, word_bits: int = NATIVE_WORD_BITS) -> int:
    """A kernel bitmap as printed in /proc and sysfs (hex words, most significant first)."""
    value = 0
    for word in text.split():
        value = (value << word_bits) | int(word, 16)
    return value


def parse_proc_devices(text: str, word_bits: int = NATIVE_WORD_BITS) -> list[InputDevice]:
    """Every device in ``/proc/bus/input/devices`` text that has an ``eventN`` handler."""
    devices = []
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        bits: dict[str, int] = {}
        ids: dict[str, str] = {}
        for line in block.splitlines():
            kind, _, rest = line.partition(": ")
            if kind == "I":
                ids = dict(part.split("=", 1) for part in rest.split() if "=" in part)
            elif kind in ("N", "P", "H", "S"):
                key, _, value = rest.partition("=")
                fields[key] = value.strip().strip('"')
            elif kind == "B":
                key, _, value = rest.partition("=")
                bits[key] = parse_bitmap(value, word_bits)
        events = [h for h in fields.get("Handlers", "").split() if h.startswith("event")]
        if not events:
            continue
        devices.append(
            InputDevice(
                name=fields.get("Name", "?"),
                event=events[0],
                phys=fields.get("Phys", ""),
                vendor=ids.get("Vendor", ""),
                product=ids.get("Product", ""),
                props=bits.get("PROP", 0),
                abs_bits=bits.get("ABS", 0),
                key_bits=bits.get("KEY", 0),
            )
        )
    return devices


def _with_sysfs(device: InputDevice, sysfs_root: Path, word_bits: int) -> InputDevice:
    """Capabilities as sysfs reports them for the event node, when it is there."""
    base = sysfs_root / device.event / "device"
    values = {}
    for name, attr in (
        ("props", "properties"),
        ("abs_bits", "capabilities/abs"),
        ("key_bits", "capabilities/key"),
    ):
        try:
            values[name] = parse_bitmap((base / attr).read_text(), word_bits)
        except (OSError, ValueError):
            continue
    if not values:
        return device
    return InputDevice(**{**device.__dict__, **values})


def list_touch_devices(
    proc_text: str | None = None,
    *,
    sysfs_root: Path | None = SYSFS_INPUT,
    word_bits: int = NATIVE_WORD_BITS,
    read_axes: bool = False,
) -> list[InputDevice]:
    """The touchscreens present, in kernel order. ``proc_text`` defaults to the live file."""
    if proc_text is None:
        proc_text = PROC_DEVICES.read_text(encoding="utf-8", errors="replace")
    found = []
    for device in parse_proc_devices(proc_text, word_bits):
        if sysfs_root is not None:
            device = _with_sysfs(device, sysfs_root, word_bits)
        if device.is_touchscreen:
            if read_axes:
                device = InputDevice(**{**device.__dict__, "axes": read_axis_ranges(device)})
            found.append(device)
    return found


def read_axis_ranges(device: InputDevice) -> dict[str, tuple[int, int]]:
    """Min/max of the X and Y axes via the EVIOCGABS ioctl; empty when the node is not readable."""
    import fcntl
    import os

    codes = (ABS_MT_POSITION_X, ABS_MT_POSITION_Y) if device.multitouch else (ABS_X, ABS_Y)
    ranges: dict[str, tuple[int, int]] = {}
    try:
        fd = os.open(device.node, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return ranges
    try:
        for axis, code in zip(("x", "y"), codes, strict=True):
            request = (2 << 30) | (24 << 16) | (ord("E") << 8) | (0x40 + code)
            info = fcntl.ioctl(fd, request, bytes(24))
            _value, low, high = struct.unpack("6i", info)[:3]
            ranges[axis] = (low, high)
    except OSError as exc:
        logger.info("cannot read axis ranges of %s: %s", device.node, exc)
    finally:
        os.close(fd)
    return ranges


@dataclass(frozen=True)
class Calibration:
    """Overrides for a device whose reported range or direction is wrong (all optional)."""

    min_x: int | None = None
    max_x: int | None = None
    min_y: int | None = None
    max_y: int | None = None
    invert_x: bool = False
    invert_y: bool = False

    def options(self) -> list[str]:
        """Provider options in Kivy's ``key=value`` syntax (hidinput and mtdev share these names)."""
        out = []
        for key, value in (
            ("min_position_x", self.min_x),
            ("max_position_x", self.max_x),
            ("min_position_y", self.min_y),
            ("max_position_y", self.max_y),
        ):
            if value is not None:
                out.append(f"{key}={value}")
        if self.min_x is not None and self.max_x is not None and self.min_x >= self.max_x:
            raise ValueError("min_x must be smaller than max_x")
        if self.min_y is not None and self.max_y is not None and self.min_y >= self.max_y:
            raise ValueError("min_y must be smaller than max_y")
        if self.invert_x:
            out.append("invert_x=1")
        if self.invert_y:
            out.append("invert_y=1")
        return out


def input_section(
    device: InputDevice,
    *,
    provider: str | None = None,
    rotation: int = 0,
    calibration: Calibration | None = None,
    with_mouse: bool = False,
) -> str:
    """The INI text of Kivy's ``[input]`` section for ``device`` — one provider, one device."""
    provider = provider or device.provider
    if provider not in PROVIDERS:
        raise ValueError(f"provider must be one of {', '.join(PROVIDERS)}")
    if rotation not in ROTATIONS:
        raise ValueError(f"rotation must be one of {', '.join(map(str, ROTATIONS))}")
    options = [provider, device.node]
    if rotation:
        options.append(f"rotation={rotation}")
    options += (calibration or Calibration()).options()
    lines = [
        "# Written by `legal-kiosk touch-setup`; replaces Kivy's whole [input] section.",
        f"# Device: {device.name} ({device.event}, {device.phys or 'no phys'})",
        "[input]",
        "touchscreen = " + ",".join(options),
    ]
    if with_mouse:
        # A maintenance mouse only; disable_on_activity mutes it while the screen is touched.
        lines.append("mouse = mouse,disable_on_activity")
    return "\n".join(lines) + "\n"


def read_input_settings(path: Path) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of the ``[input]`` section written by :func:`input_section`.

    The app replaces Kivy's default ``[input]`` options with these before Kivy is imported
    (``Config.remove_option`` for each default, then ``Config.set('input', name, value)``).
    An absent file gives ``[]`` (Kivy's defaults stay).
    """
    parser = configparser.ConfigParser(interpolation=None)
    if not parser.read(path, encoding="utf-8") or not parser.has_section("input"):
        return []
    return list(parser.items("input"))


# libinput's calibration matrices for a screen turned clockwise (see libinput's documentation of
# LIBINPUT_CALIBRATION_MATRIX): rows (a b c) (d e f) of the affine map on [0, 1] coordinates.
ROTATION_MATRICES = {
    0: ((1, 0, 0), (0, 1, 0)),
    90: ((0, -1, 1), (1, 0, 0)),
    180: ((-1, 0, 1), (0, -1, 1)),
    270: ((0, 1, 0), (-1, 0, 1)),
}


def _axis_map(
    low: int | None, high: int | None, axis: tuple[int, int] | None, invert: bool
) -> tuple[float, float]:
    """``(scale, offset)`` taking the device's normalised axis to the screen's, for one axis."""
    scale, offset = 1.0, 0.0
    if low is not None and high is not None:
        if axis is None:
            raise ValueError("the device's axis range is unknown: run as root so it can be read")
        full_low, full_high = axis
        scale = (full_high - full_low) / (high - low)
        offset = (full_low - low) / (high - low)
    if invert:
        scale, offset = -scale, 1.0 - offset
    return scale, offset


def libinput_matrix(
    device: InputDevice, *, rotation: int = 0, calibration: Calibration | None = None
) -> list[float]:
    """The six numbers of ``LIBINPUT_CALIBRATION_MATRIX``: calibration first, then rotation."""
    cal = calibration or Calibration()
    cal.options()  # validates min < max
    if rotation not in ROTATION_MATRICES:
        raise ValueError(f"rotation must be one of {', '.join(map(str, ROTATIONS))}")
    sx, ox = _axis_map(cal.min_x, cal.max_x, device.axes.get("x"), cal.invert_x)
    sy, oy = _axis_map(cal.min_y, cal.max_y, device.axes.get("y"), cal.invert_y)
    calib = ((sx, 0.0, ox), (0.0, sy, oy), (0.0, 0.0, 1.0))
    rot = ROTATION_MATRICES[rotation] + ((0, 0, 1),)
    product = [[sum(rot[i][k] * calib[k][j] for k in range(3)) for j in range(3)] for i in range(2)]
    return [round(value, 6) + 0.0 for row in product for value in row]


def udev_rule(device: InputDevice, matrix: list[float]) -> str:
    """A udev rule giving the device that matrix, matched by name (stable across replugging)."""
    name = device.name.replace('"', "")
    numbers = " ".join(f"{value:g}" for value in matrix)
    return (
        "# Written by `legal-kiosk touch-setup --libinput`: calibration/rotation of the touchscreen as\n"
        "# the cage compositor sees it. Apply: udevadm control --reload && udevadm trigger, then restart.\n"
        f'ACTION=="add|change", KERNEL=="event[0-9]*", ATTRS{{name}}=="{name}", '
        f'ENV{{LIBINPUT_CALIBRATION_MATRIX}}="{numbers}"\n'
    )
