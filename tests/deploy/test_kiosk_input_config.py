"""The app's Kivy [input] section: the window's pointer by default, touch-setup's device when set."""

import json
import subprocess
import sys
from pathlib import Path

from kiosk.device.touch import input_section, list_touch_devices

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "kiosk" / "fixtures" / "proc_input_devices.txt"
CODE = (
    "import json, sys; from kiosk.config import load_config; from screens.launcher import configure_kivy; "
    "configure_kivy(load_config(None, data_dir=sys.argv[1], environ={})); "
    "from kivy.config import Config; print(json.dumps(sorted(Config.items('input'))))"
)


def kivy_input(data: Path) -> list:
    env = {"PATH": "/usr/bin:/bin", "KIVY_NO_ARGS": "1", "HOME": str(data)}
    done = subprocess.run([sys.executable, "-c", CODE, str(data)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_default_is_the_one_pointer_provider(tmp_path):
    assert kivy_input(tmp_path) == [["mouse", "mouse,disable_multitouch"]]


def test_touch_setup_file_replaces_it_with_one_device(tmp_path):
    device = list_touch_devices(FIXTURE.read_text(), sysfs_root=None, word_bits=64)[1]
    (tmp_path / "kivy_input.ini").write_text(input_section(device, rotation=90), encoding="utf-8")
    assert kivy_input(tmp_path) == [["touchscreen", "mtdev,/dev/input/event5,rotation=90"]]
