"""deploy/terminal/install.sh in a throwaway root: dry run, real run, second run, example config."""

import dataclasses
import os
import stat
import subprocess
import tomllib

import pytest

from kiosk.config import SECTIONS, load_config
from tests.support.deploy_scripts import DEPLOY, actions, run_install, snapshot

EXAMPLE = DEPLOY / "terminal" / "kiosk.example.toml"


def test_example_config_lists_exactly_the_keys_of_kiosk_config():
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert set(raw) == {"data_dir", *SECTIONS}
    for name, section in SECTIONS.items():
        assert set(raw[name]) == {f.name for f in dataclasses.fields(section)}, name


def test_example_config_loads_and_keeps_the_defaults(tmp_path):
    config = load_config(EXAMPLE, environ={})
    assert str(config.data_dir) == "/var/lib/legal-kiosk"
    for name, section in SECTIONS.items():
        if name == "terminal":
            continue  # placeholders a technician must change
        assert getattr(config, name) == section(), name


def test_dry_run_prints_every_action_and_changes_nothing(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "hostname").write_text("terminal-01\n")
    before = snapshot(tmp_path)
    result = run_install("--dry-run", "--root", tmp_path, "--prefix", "/opt/lk")
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == before
    assert actions(result.stdout) == [
        f"copy {DEPLOY.parent} -> /opt/lk/app (source {actions(result.stdout)[0].split('(source ')[1]}",
        "write /opt/lk/bin/kiosk-session (mode 0755, root:root)",
        "write /usr/local/bin/legal-kiosk (mode 0755, root:root)",
        "install -d -m 2775 /etc/legal-kiosk (root:kiosk)",
        "write /etc/legal-kiosk/kiosk.example.toml (mode 0644, root:root)",
        "write /etc/legal-kiosk/kiosk.toml (mode 0660, root:kiosk)",
        "write /etc/legal-kiosk/session.env (mode 0644, root:root)",
        "install -d -m 0750 /var/lib/legal-kiosk (kiosk:kiosk)",
        "write /etc/systemd/system/legal-kiosk.service (mode 0644, root:root)",
        "write /etc/systemd/system/legal-kiosk-restart.service (mode 0644, root:root)",
        "write /etc/systemd/system/legal-kiosk-restart.timer (mode 0644, root:root)",
        "write /etc/pam.d/legal-kiosk (mode 0644, root:root)",
        f"systemctl --root={tmp_path} enable legal-kiosk.service",
        f"systemctl --root={tmp_path} enable legal-kiosk-restart.timer",
    ]
    assert "skip apt packages" in result.stdout and "dry run: nothing was changed" in result.stdout


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_real_run_then_second_run_changes_nothing(tmp_path):
    first = run_install("--root", tmp_path, "--prefix", "/opt/lk")
    assert first.returncode == 0, first.stderr
    etc = tmp_path / "etc" / "legal-kiosk"
    assert mode(etc) == 0o2775 and mode(etc / "kiosk.toml") == 0o660
    assert mode(tmp_path / "var/lib/legal-kiosk") == 0o750
    assert (etc / "kiosk.toml").read_bytes() == EXAMPLE.read_bytes()
    assert load_config(etc / "kiosk.toml", environ={}).hub.url == ""
    unit = (tmp_path / "etc/systemd/system/legal-kiosk.service").read_text()
    assert "ExecStart=/usr/bin/cage -s -- /opt/lk/bin/kiosk-session" in unit
    session = tmp_path / "opt/lk/bin/kiosk-session"
    assert (
        os.access(session, os.X_OK)
        and "exec /opt/lk/venv/bin/legal-kiosk run" in session.read_text()
    )
    wrapper = (tmp_path / "usr/local/bin/legal-kiosk").read_text()
    assert (
        "runuser -u kiosk -- env PATH=/usr/local/bin:/usr/bin:/bin /opt/lk/venv/bin/legal-kiosk"
        in wrapper
    )
    assert (tmp_path / "opt/lk/app/kiosk/doctor/checks.py").exists()
    written = [str(tmp_path / "usr/local/bin/legal-kiosk"), str(session)]
    checked = subprocess.run(["shellcheck", *written], capture_output=True, text=True, timeout=60)
    assert checked.returncode == 0, checked.stdout
    assert not list((tmp_path / "opt/lk/app").rglob("__pycache__"))
    wants = tmp_path / "etc/systemd/system/graphical.target.wants/legal-kiosk.service"
    assert os.readlink(wants) == "/etc/systemd/system/legal-kiosk.service"

    # The technician edits the config; a second run keeps it and changes nothing at all.
    (etc / "kiosk.toml").write_text('[hub]\nurl = "https://hub.example"\n', encoding="utf-8")
    before = snapshot(tmp_path)
    second = run_install("--root", tmp_path, "--prefix", "/opt/lk")
    assert second.returncode == 0, second.stderr
    assert actions(second.stdout) == []
    assert "keep /etc/legal-kiosk/kiosk.toml (never overwritten)" in second.stdout
    assert snapshot(tmp_path) == before


def test_a_changed_unit_is_rewritten_and_only_that(tmp_path):
    assert run_install("--root", tmp_path, "--skip-systemctl").returncode == 0
    unit = tmp_path / "etc/systemd/system/legal-kiosk.service"
    unit.write_text(unit.read_text().replace("WatchdogSec=60", "WatchdogSec=5"))
    again = run_install("--root", tmp_path, "--skip-systemctl")
    assert actions(again.stdout) == [
        "write /etc/systemd/system/legal-kiosk.service (mode 0644, root:root)"
    ]
    assert "WatchdogSec=60" in unit.read_text()


def test_unknown_option_is_refused_with_a_reason(tmp_path):
    result = run_install("--root", tmp_path, "--colour")
    assert result.returncode == 2 and "unknown option --colour" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("os_release", "pi", "browser"),
    [
        ('ID=debian\nVERSION_ID="12"\n', False, "chromium"),
        ('ID=ubuntu\nVERSION_ID="24.04"\n', False, "chromium-browser"),
        ('ID=ubuntu\nVERSION_ID="22.04"\n', False, "chromium-browser"),
        ('ID=debian\nVERSION_ID="12"\n', True, "chromium-browser"),  # Raspberry Pi OS 64-bit
        ('ID=raspbian\nVERSION_ID="12"\n', True, "chromium-browser"),
    ],
)
def test_package_list_per_platform(tmp_path, os_release, pi, browser):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/os-release").write_text(os_release)
    if pi:
        (tmp_path / "etc/rpi-issue").write_text("Raspberry Pi reference 2024-11-19\n")
    result = run_install("--root", tmp_path, "--list-packages")
    assert result.returncode == 0, result.stderr
    packages = result.stdout.split()
    assert packages[-1] == browser and ({"chromium", "chromium-browser"} - {browser}).isdisjoint(
        packages
    )
    for needed in ("cage", "xwayland", "fonts-noto-cjk", "espeak-ng", "libmtdev1", "python3-venv"):
        assert needed in packages
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted(
        ["etc", "os-release"] + (["rpi-issue"] if pi else [])
    )
