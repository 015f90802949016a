"""Run a command the way a terminal's unprivileged user would, also when the tests run as root.

Root ignores file permissions (``CAP_DAC_OVERRIDE``), so a test of "this file is not writable"
must drop that power. Switching to another user (``setpriv --reuid=65534``) cannot work on this
machine: the interpreter lives under ``/root`` (mode 0700), which only uid 0 may enter. So as
root the command keeps uid 0 but loses every capability for good (``setpriv`` with the
``noroot`` securebits, an empty bounding set): the kernel then checks the owner/group/other bits
as for anyone else, and a file or folder without its owner's write bit refuses it. Run as an
ordinary user, the command needs no change. Tests mark files read-only with
:func:`read_only` instead of giving them to another owner, so both cases hold.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

SETPRIV_AS_UNPRIVILEGED = (
    "--securebits=+noroot,+noroot_locked,+no_setuid_fixup,+no_setuid_fixup_locked",
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--",
)


def unprivileged(argv: list[str]) -> list[str]:
    """``argv`` prefixed so it runs without any privilege over files (as the kiosk user would)."""
    if os.geteuid() != 0:
        return list(argv)
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to drop root's power over files"
    return [setpriv, *SETPRIV_AS_UNPRIVILEGED, *argv]


def read_only(path: Path) -> None:
    """Take away every write bit (a folder stays enterable and listable)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def check_unprivileged_can_be_refused(folder: Path) -> None:
    """Fail loudly (never pass by accident) when the unprivileged command could still write."""
    probe = folder / "probe"
    probe.mkdir()
    read_only(probe)
    try:
        result = subprocess.run(
            unprivileged(["touch", str(probe / "x")]), capture_output=True, text=True, timeout=30
        )
        assert result.returncode != 0, "the unprivileged command could write a read-only folder"
    finally:
        probe.chmod(0o755)
        shutil.rmtree(probe)
