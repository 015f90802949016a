"""A private CUPS scheduler for tests: ``cupsd -f`` with its own config in a temp folder.

It listens only on a Unix socket in that folder (clients use ``-h <socket>``), so it touches
neither the system's CUPS nor any port. :func:`start_cupsd` returns ``(process, socket_path)``
or raises :class:`CupsdUnavailable` with the precise reason a test should skip with.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

START_TIMEOUT_S = 15.0


class CupsdUnavailable(RuntimeError):
    pass


CUPSD_CONF = """Listen {socket}
LogLevel warn
WebInterface No
Browsing No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """ServerRoot {root}
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/spool
ErrorLog {root}/logs/error_log
AccessLog {root}/logs/access_log
PageLog {root}/logs/page_log
SystemGroup root
Sandboxing Relaxed
"""


def start_cupsd(root: Path) -> tuple[subprocess.Popen, str]:
    cupsd = shutil.which("cupsd") or (
        "/usr/sbin/cupsd" if os.path.exists("/usr/sbin/cupsd") else None
    )
    if cupsd is None:
        raise CupsdUnavailable("cupsd is not installed (Debian package cups)")
    if not shutil.which("lp") or not shutil.which("lpstat") or not shutil.which("lpadmin"):
        raise CupsdUnavailable("lp/lpstat/lpadmin are not installed (cups-client, cups-bsd)")
    if os.geteuid() != 0:
        raise CupsdUnavailable(
            "a private cupsd needs root to drop its filters and backends to user lp"
        )
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # the backend runs as user lp and reads the spooled file
    for name in ("spool", "cache", "state", "logs", "ppd"):
        (root / name).mkdir(exist_ok=True)
    socket_path = str(root / "cups.sock")
    (root / "cupsd.conf").write_text(CUPSD_CONF.format(socket=socket_path))
    (root / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
    process = subprocess.Popen(
        [cupsd, "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CupsdUnavailable(
                f"cupsd exited at start: {process.stderr.read().decode(errors='replace')[-500:]}"
            )
        probe = subprocess.run(
            ["lpstat", "-h", socket_path, "-r"], capture_output=True, text=True, timeout=5
        )
        if "is running" in probe.stdout and "not" not in probe.stdout:
            return process, socket_path
        time.sleep(0.2)
    stop_cupsd(process)
    raise CupsdUnavailable(f"cupsd did not answer on {socket_path} within {START_TIMEOUT_S:g} s")


def stop_cupsd(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def add_raw_socket_queue(socket_path: str, queue: str, port: int) -> None:
    """A raw queue whose device is ``socket://127.0.0.1:PORT`` (AppSocket, like a thermal printer)."""
    subprocess.run(
        [
            "lpadmin",
            "-h",
            socket_path,
            "-p",
            queue,
            "-E",
            "-v",
            f"socket://127.0.0.1:{port}",
            "-m",
            "raw",
        ],
        check=True,
        capture_output=True,
        timeout=15,
    )
