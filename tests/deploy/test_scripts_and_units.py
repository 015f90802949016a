"""Static checks on everything under deploy/: shellcheck for scripts, systemd-analyze for units."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.deploy_scripts import DEPLOY

SCRIPTS = sorted(
    p
    for p in DEPLOY.rglob("*")
    if p.is_file()
    and (
        p.suffix == ".sh"
        or p.read_bytes()[:40].startswith((b"#!/bin/sh", b"#!/usr/bin/env bash", b"#!/bin/bash"))
    )
)
UNITS = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".service", ".timer", ".socket"))


def test_the_scripts_and_units_are_found():
    names = {p.name for p in SCRIPTS}
    assert {"install.sh", "kiosk-session.sh", "setup.sh"} <= names
    assert {"legal-kiosk.service", "legal-kiosk-restart.timer"} <= {p.name for p in UNITS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_shellcheck_is_clean(script):
    assert shutil.which("shellcheck"), "shellcheck is in deploy/dev/apt-packages.txt"
    result = subprocess.run(
        ["shellcheck", "-x", str(script)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout
    assert os.access(script, os.X_OK), f"{script} is not executable"


def verify_copy(unit: Path, workdir: Path) -> tuple[Path, list[str]]:
    """A copy of ``unit`` in which programs missing on this build machine become /bin/true.

    ``systemd-analyze verify`` checks every directive and value, the dependencies and that each
    Exec program exists. The kiosk's programs (cage, the session script under /opt, the hub's
    venv) are installed on a terminal or hub, not here; rewriting only those paths keeps every
    other check meaningful. The rewritten paths are returned so the test can say which they were.
    """
    rewritten = []

    def swap(match):
        prefix, program = match.group(1), match.group(2)
        if Path(program).exists():
            return match.group(0)
        rewritten.append(program)
        return f"{prefix}/bin/true"

    text = re.sub(r"^(Exec\w+=[-@:+!]*)(/\S+)", swap, unit.read_text(encoding="utf-8"), flags=re.M)
    copy = workdir / unit.name
    copy.write_text(text, encoding="utf-8")
    return copy, rewritten


HUB_BIN = "/opt/legal-hub/venv/bin/legal-hub"
EXPECTED_MISSING = {
    "legal-kiosk.service": {"/usr/bin/cage"},
    "legal-hub@.service": {HUB_BIN},
    "legal-hub-init.service": {HUB_BIN},
    "legal-hub-backup.service": {"/opt/legal-hub/app/deploy/hub/backup.sh"},
}


def instance_name(unit: Path) -> str:
    """A template (name@.service) is verified as one instance of it."""
    return unit.name.replace("@.", "@8348.")


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_systemd_analyze_verify_is_clean(unit, tmp_path):
    assert shutil.which("systemd-analyze")
    # Its sibling units are copied too, so Requires=/Wants= between them resolve.
    rewritten = {}
    for path in unit.parent.iterdir():
        if path.suffix in (".service", ".timer", ".socket", ".target"):
            copy, swapped = verify_copy(path, tmp_path)
            copy.rename(tmp_path / instance_name(path))
            rewritten[path.name] = set(swapped)
    checked = [tmp_path / instance_name(unit)]
    if unit.suffix == ".timer":
        checked.append(tmp_path / unit.with_suffix(".service").name)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, checked)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
    for path in (unit, unit.with_suffix(".service")):
        assert rewritten.get(path.name, set()) <= EXPECTED_MISSING.get(path.name, set())


def test_the_verifier_does_catch_a_bad_unit(tmp_path):
    bad = tmp_path / "bad.service"
    bad.write_text("[Service]\nExecStart=/bin/true\nRestart=sometimes\nWatchdogSecs=5\n")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "WatchdogSecs" in result.stderr and "restart" in result.stderr.lower()


def test_kiosk_unit_has_what_cage_and_the_watchdog_need():
    text = (DEPLOY / "terminal" / "legal-kiosk.service").read_text(encoding="utf-8")
    for line in (
        "Type=notify",
        "NotifyAccess=all",
        "Restart=always",
        "TTYPath=/dev/tty1",
        "PAMName=legal-kiosk",
        "StandardOutput=journal",
        "Conflicts=getty@tty1.service",
    ):
        assert re.search(rf"^{re.escape(line)}$", text, re.M), line
    assert re.search(r"^WatchdogSec=\d+$", text, re.M)
    assert "ExecStart=/usr/bin/cage -s -- /opt/legal-kiosk/bin/kiosk-session" in text
