"""``legal-kiosk touch-setup``: list touchscreens and write Kivy's input section for one of them."""

from __future__ import annotations

import sys
from pathlib import Path

from contract.i18n import Translator
from kiosk.device.touch import (
    INPUT_FILE_NAME,
    PROVIDERS,
    ROTATIONS,
    Calibration,
    InputDevice,
    input_section,
    libinput_matrix,
    list_touch_devices,
    udev_rule,
)

UDEV_RULE = "/etc/udev/rules.d/90-legal-kiosk-touch.rules"

NAME = "touch-setup"
HELP = "list touchscreens and write the Kivy [input] section for one (rotation, calibration)"


def add_arguments(parser) -> None:
    parser.add_argument("--list", action="store_true", help="only list the touchscreens found")
    parser.add_argument("--device", help="/dev/input/eventN, eventN, or part of the device name")
    parser.add_argument("--rotation", type=int, choices=ROTATIONS, default=0, help="degrees")
    parser.add_argument(
        "--provider",
        choices=PROVIDERS,
        help="default: mtdev for multitouch with slots, else hidinput",
    )
    for axis in ("x", "y"):
        parser.add_argument(
            f"--min-{axis}", type=int, help=f"raw {axis} value at the screen's left/top edge"
        )
        parser.add_argument(
            f"--max-{axis}", type=int, help=f"raw {axis} value at the screen's right/bottom edge"
        )
        parser.add_argument(
            f"--invert-{axis}", action="store_true", help=f"the {axis} direction is reversed"
        )
    parser.add_argument("--with-mouse", action="store_true", help="also keep a maintenance mouse")
    parser.add_argument(
        "--libinput",
        action="store_true",
        help=f"write a udev rule (default {UDEV_RULE}) for the compositor's touch path instead",
    )
    parser.add_argument("--out", help=f"file to write (default: DATA/{INPUT_FILE_NAME})")
    parser.add_argument("--proc", help="read this file instead of /proc/bus/input/devices (tests)")
    parser.add_argument(
        "--sysfs", help="sysfs input folder (default /sys/class/input; 'none' to skip)"
    )


def _describe(device: InputDevice, tr: Translator) -> str:
    axes = ", ".join(f"{axis} {low}..{high}" for axis, (low, high) in device.axes.items())
    kind = tr("touch.multitouch") if device.multitouch else tr("touch.singletouch")
    line = f"{device.node}  {device.name}  [{kind}, {device.provider}]"
    return line + (f"  {axes}" if axes else "")


def _choose(devices: list[InputDevice], wanted: str | None, tr: Translator) -> InputDevice | None:
    if wanted:
        matches = [
            d
            for d in devices
            if wanted in (d.node, d.event)
            or (wanted.lower() in d.name.lower() and not wanted.startswith("/"))
        ]
        if len(matches) == 1:
            return matches[0]
        print(tr("touch.no_match", device=wanted), file=sys.stderr)
        return None
    if len(devices) == 1:
        return devices[0]
    print(tr("touch.choose_one"), file=sys.stderr)
    return None


def run(args, config) -> int:
    tr = Translator(config.ui.language)
    proc_text = Path(args.proc).read_text(encoding="utf-8") if args.proc else None
    sysfs = (
        None
        if args.sysfs == "none"
        else (Path(args.sysfs) if args.sysfs else Path("/sys/class/input"))
    )
    devices = list_touch_devices(proc_text, sysfs_root=sysfs, read_axes=proc_text is None)
    if not devices:
        print(tr("touch.none_found"), file=sys.stderr)
        return 1
    if args.list:
        for device in devices:
            print(_describe(device, tr))
        return 0
    device = _choose(devices, args.device, tr)
    if device is None:
        for candidate in devices:
            print("  " + _describe(candidate, tr), file=sys.stderr)
        return 1
    calibration = Calibration(
        args.min_x, args.max_x, args.min_y, args.max_y, args.invert_x, args.invert_y
    )
    try:
        if args.libinput:
            matrix = libinput_matrix(device, rotation=args.rotation, calibration=calibration)
            text = udev_rule(device, matrix)
        else:
            text = input_section(
                device,
                provider=args.provider,
                rotation=args.rotation,
                calibration=calibration,
                with_mouse=args.with_mouse,
            )
    except ValueError as exc:
        print(tr("touch.bad_option", detail=str(exc)), file=sys.stderr)
        return 2
    default = Path(UDEV_RULE) if args.libinput else Path(config.data_dir) / INPUT_FILE_NAME
    out = Path(args.out) if args.out else default
    _write(out, text)
    print(tr("touch.written", device=device.node, path=str(out)))
    print(tr("touch.udev_hint") if args.libinput else tr("touch.restart_hint"))
    return 0


def _write(path: Path, text: str) -> None:
    """Replace the file whole (never half-written), readable by the kiosk user."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)
    tmp.replace(path)
