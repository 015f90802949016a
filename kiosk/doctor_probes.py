"""What :mod:`kiosk.doctor` reads from the machine, behind one object tests can replace piecemeal.

Every attribute of :class:`Probes` is a plain callable with a default that reads the real machine;
a test builds ``Probes(run=fake_run, now=frozen_now, …)`` to stage a healthy or a broken terminal.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from kiosk.config import KioskConfig

logger = logging.getLogger(__name__)

Runner = Callable[[list[str], float], tuple[int, str]]
HttpGet = Callable[[str, dict, float], tuple[int, dict, bytes]]


def run_command(cmd: list[str], timeout_s: float) -> tuple[int, str]:
    """``(returncode, stdout)``; 127 when the program is missing, 124 on timeout."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s, check=False)
    except (FileNotFoundError, PermissionError, NotADirectoryError):
        # PermissionError: an unreadable folder on PATH (e.g. root's PATH under runuser).
        return 127, ""
    except subprocess.TimeoutExpired:
        return 124, ""
    return done.returncode, done.stdout


def http_get(url: str, headers: dict, timeout_s: float) -> tuple[int, dict, bytes]:
    """One GET with ``requests``; raises ``OSError`` (or requests' subclasses) when no answer."""
    import requests

    response = requests.get(url, headers=headers, timeout=timeout_s, allow_redirects=False)
    return response.status_code, dict(response.headers), response.content


def read_token(data_dir: Path) -> str | None:
    """The terminal's bearer token as ``legal-kiosk enroll`` stored it, if any."""
    try:
        from kiosk import enrollment  # written by the sync helper
    except ImportError:
        return None
    return enrollment.load_token(data_dir)


def content_info(data_dir: Path) -> tuple[int | None, datetime | None]:
    """``(content version, last successful sync)`` from the store's meta table, read-only."""
    path = data_dir / "content.db"
    if not path.exists():
        return None, None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None, None
    version = int(rows.get("content_version") or 0) or None
    synced = rows.get("synced_at")
    try:
        synced_at = datetime.fromisoformat(synced) if synced else None
    except ValueError:
        synced_at = None
    if synced_at is not None and synced_at.tzinfo is None:
        synced_at = synced_at.replace(tzinfo=UTC)
    return version, synced_at


def printer_status(config: KioskConfig) -> tuple[bool, str]:
    """Ask the configured printer backend (the tickets helper's ``make_printer``)."""
    try:
        from kiosk.tickets.printers import make_printer
    except ImportError:
        return False, "printer support is not installed"
    from kiosk.errors import PrinterUnavailable

    try:
        status = make_printer(config).status()
    except PrinterUnavailable as exc:
        return False, exc.detail or str(exc)
    if isinstance(status, tuple):
        return bool(status[0]), str(status[1])
    if isinstance(status, dict):
        return bool(status.get("ok")), str(status.get("detail", ""))
    return bool(status), str(status)


def build_time() -> datetime:
    """A date the clock can never legitimately be before: when this code was installed."""
    return datetime.fromtimestamp(Path(__file__).stat().st_mtime, UTC)


def disk_free(path: Path) -> int:
    probe = path
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return shutil.disk_usage(probe).free


@dataclass
class HubVerdict:
    """One conversation with the hub, shared by the ``hub``, ``hub_key`` and ``token`` checks."""

    reachable: tuple[int, str]  # (HTTP status or 0, error text)
    key: str  # ok | mismatch | unverified | unreachable | bad_pinned
    token: str  # ok | none | rejected | unreachable


def verify_signature(public_key_b64: str, signature_b64: str, body: bytes) -> str:
    """``ok``, ``mismatch`` or ``bad_pinned`` for an Ed25519 signature over ``body``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
    except (ValueError, binascii.Error):
        return "bad_pinned"
    try:
        key.verify(base64.b64decode(signature_b64), body)
    except (InvalidSignature, ValueError, binascii.Error):
        return "mismatch"
    return "ok"


@dataclass
class Probes:
    run: Runner = run_command
    http_get: HttpGet = http_get
    which: Callable[[str], str | None] = shutil.which
    is_executable: Callable[[str], bool] = lambda path: os.access(path, os.X_OK)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    build_time: datetime = field(default_factory=build_time)
    disk_free: Callable[[Path], int] = disk_free
    proc_input: Callable[[], str] = lambda: Path("/proc/bus/input/devices").read_text(
        errors="replace"
    )
    read_token: Callable[[Path], str | None] = read_token
    content_info: Callable[[Path], tuple[int | None, datetime | None]] = content_info
    printer_status: Callable[[KioskConfig], tuple[bool, str]] = printer_status
    _hub: HubVerdict | None = field(default=None, repr=False)

    def hub_probe(self, config: KioskConfig) -> HubVerdict:
        """Talk to the hub once per doctor run (cached)."""
        if self._hub is None:
            self._hub = ask_hub(config, self)
        return self._hub


def ask_hub(config: KioskConfig, probes: Probes) -> HubVerdict:
    base = config.hub.url.rstrip("/")
    timeout = config.hub.timeout_s
    try:
        status, _headers, _body = probes.http_get(base + "/openapi.json", {}, timeout)
    except OSError as exc:  # requests' errors are OSError subclasses
        return HubVerdict((0, type(exc).__name__), "unreachable", "unreachable")
    if status != 200:
        return HubVerdict((status, ""), "unreachable", "unreachable")
    token = probes.read_token(Path(config.data_dir))
    if not token:
        return HubVerdict((200, ""), "unverified", "none")
    version, _synced = probes.content_info(Path(config.data_dir))
    # since = one version back, so the hub answers with a (small) signed body to check the key on.
    since = max((version or 0) - 1, 0)
    url = f"{base}/api/v1/content?since={since}"
    try:
        status, headers, body = probes.http_get(url, {"Authorization": f"Bearer {token}"}, timeout)
    except OSError as exc:
        return HubVerdict((0, type(exc).__name__), "unreachable", "unreachable")
    if status in (401, 403):
        return HubVerdict((200, ""), "unverified", "rejected")
    signature = {k.lower(): v for k, v in headers.items()}.get("x-signature")
    if status != 200 or not signature:
        return HubVerdict((200, ""), "unverified", "ok" if status in (200, 304) else "rejected")
    return HubVerdict((200, ""), verify_signature(config.hub.public_key, signature, body), "ok")
