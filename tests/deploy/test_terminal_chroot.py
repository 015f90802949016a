"""install.sh for real inside a fresh Debian 12 made by debootstrap (about a minute; marked slow).

apt is skipped (the kiosk's packages weigh several hundred MB; that step was run by hand, see
docs/technician.md), and pip installs the app with --no-deps (its dependencies are the same
wheels the project's own venv uses). Everything else is the real thing: useradd in the chroot,
the venv built by the chroot's python3, permissions checked by running as the kiosk user,
systemctl --root enabling the units, and a second run that changes nothing.
"""

import json
import os
import shutil
import subprocess

import pytest

from tests.support.deploy_scripts import actions, run_install

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
MIRROR = "http://deb.debian.org/debian"


@pytest.fixture(scope="module")
def chroot(tmp_path_factory):
    if os.geteuid() != 0 or not shutil.which("debootstrap"):
        pytest.skip("needs root and debootstrap")
    root = tmp_path_factory.mktemp("chroot") / "root"
    made = subprocess.run(
        [
            "debootstrap",
            "--variant=minbase",
            "--include=python3-venv,systemd,ca-certificates",
            "bookworm",
            str(root),
            MIRROR,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if made.returncode != 0 and "Failed getting release file" in made.stdout + made.stderr:
        pytest.skip(f"the Debian mirror {MIRROR} cannot be reached")
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    # The chroot trusts the certificates this machine trusts (a proxy may sit in front of PyPI).
    shutil.copy("/etc/ssl/certs/ca-certificates.crt", root / "etc/ssl/certs/ca-certificates.crt")
    yield root
    shutil.rmtree(root, ignore_errors=True)


def in_chroot(root, *cmd):
    return subprocess.run(["chroot", str(root), *cmd], capture_output=True, text=True, timeout=300)


def test_install_into_a_debootstrap_chroot(chroot, monkeypatch):
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    first = run_install("--root", chroot, "--skip-apt", "--pip-args", "--no-deps")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "platform: debian 12" in first.stdout
    assert any(a.startswith(f"chroot {chroot} useradd --system") for a in actions(first.stdout))

    user = in_chroot(chroot, "id", "kiosk")
    assert user.returncode == 0 and "(video)" in user.stdout and "(audio)" in user.stdout
    assert (chroot / "etc/systemd/system/graphical.target.wants/legal-kiosk.service").is_symlink()
    assert (
        chroot / "etc/systemd/system/timers.target.wants/legal-kiosk-restart.timer"
    ).is_symlink()

    # As the kiosk user, with the installed config: doctor's data-folder check proves the user can
    # write /var/lib/legal-kiosk. (Called through Python, not the CLI: with --no-deps the CLI's
    # other commands lack their libraries; the full install is the LEGAL_KIOSK_TEST_APT test.)
    code = (
        "import json; from kiosk.config import load_config; from kiosk.doctor import report, run_checks; "
        "print(json.dumps(report(run_checks(load_config('/etc/legal-kiosk/kiosk.toml'), "
        "skip=('hub', 'hub_key', 'token', 'printer')))))"
    )
    doctor = in_chroot(
        chroot, "runuser", "-u", "kiosk", "--", "/opt/legal-kiosk/venv/bin/python", "-c", code
    )
    assert doctor.returncode == 0, doctor.stderr
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["data_dir"] == {"name": "data_dir", "ok": True, "detail": "/var/lib/legal-kiosk"}
    assert (
        checks["config"]["ok"] is True
        and "/etc/legal-kiosk/kiosk.toml" in checks["config"]["detail"]
    )
    owner = in_chroot(
        chroot, "stat", "-c", "%U:%G %a", "/var/lib/legal-kiosk", "/etc/legal-kiosk/kiosk.toml"
    )
    assert owner.stdout.split("\n")[:2] == ["kiosk:kiosk 750", "root:kiosk 660"]

    second = run_install("--root", chroot, "--skip-apt", "--pip-args", "--no-deps")
    assert second.returncode == 0, second.stderr
    assert actions(second.stdout) == []


@pytest.mark.skipif(
    os.environ.get("LEGAL_KIOSK_TEST_APT") != "1",
    reason="downloads ~400 MB of packages and wheels; set LEGAL_KIOSK_TEST_APT=1 (about 3 minutes here)",
)
def test_full_install_with_apt_then_units_verify_with_the_real_cage(chroot, monkeypatch):
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    (chroot / "usr/sbin/policy-rc.d").write_text("#!/bin/sh\nexit 101\n")  # start no daemons
    (chroot / "usr/sbin/policy-rc.d").chmod(0o755)
    subprocess.run(["mount", "-t", "proc", "proc", str(chroot / "proc")], check=True)
    try:
        result = run_install("--root", chroot, timeout=1200)  # everything: apt and every dependency
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        units = [
            f"/etc/systemd/system/{n}" for n in ("legal-kiosk.service", "legal-kiosk-restart.timer")
        ]
        verify = in_chroot(chroot, "systemd-analyze", "verify", "--man=no", *units)
        assert verify.returncode == 0 and verify.stderr == "", verify.stderr
        doctor = json.loads(
            in_chroot(chroot, "legal-kiosk", "doctor", "--json", "--offline").stdout
        )
        checks = {c["name"]: c["ok"] for c in doctor["checks"]}
        assert checks["cjk_font"] and checks["voice"] and checks["chromium"]
    finally:
        subprocess.run(["umount", str(chroot / "proc")], check=False)
