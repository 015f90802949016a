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


def test_the_config_file_on_disk_is_the_one_the_app_runs_with(tmp_path):
    """Kivy writes no default config.ini (its [input] says probesysfs): a stale one is not read,
    and the file left in KIVY_HOME is what the launcher set, one input provider."""
    import configparser

    (tmp_path / "kivy").mkdir()
    stale = "[kivy]\nconfig_version = 27\n[input]\n%(name)s = probesysfs\n[graphics]\nwidth = 333\n"
    (tmp_path / "kivy" / "config.ini").write_text(stale, encoding="utf-8")
    assert kivy_input(tmp_path) == [["mouse", "mouse,disable_multitouch"]]
    written = (tmp_path / "kivy" / "config.ini").read_text(encoding="utf-8")
    assert "probesysfs" not in written and written.startswith("# Written by legal-kiosk")
    on_disk = configparser.RawConfigParser()
    on_disk.read_string(written)
    assert dict(on_disk.items("input")) == {"mouse": "mouse,disable_multitouch"}
    assert (
        on_disk.get("graphics", "width") == "1920" and on_disk.get("kivy", "exit_on_escape") == "0"
    )


def test_kivy_alone_writes_no_default_config(tmp_path):
    """Importing kivy.config with the launcher's environment leaves no file behind."""
    code = (
        "import os, sys; from kiosk.config import load_config; from screens.launcher import kivy_environment; "
        "os.environ.update(kivy_environment(load_config(None, data_dir=sys.argv[1], environ={}))); "
        "os.makedirs(os.environ['KIVY_HOME']); import kivy.config"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "kivy" / "config.ini").exists()
