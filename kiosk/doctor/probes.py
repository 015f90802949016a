"""What :mod:`kiosk.doctor` reads from the machine, behind one object tests can replace piecemeal.

Every attribute of :class:`Probes` is a plain callable with a default that reads the real machine;
a test builds ``Probes(run=fake_run, now=frozen_now, …)`` to stage a healthy or a broken terminal.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.local_time import system_offset

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


ENROLLMENT_FILE = "enrollment.json"  # written by `legal-kiosk enroll` (kiosk/hublink/enrollment.py)
SYNC_STATE_FILE = "sync_state.json"  # written by sync (kiosk/hublink/sync.py)


def read_json(path: Path) -> dict | None:
    """A small JSON object file, or ``None`` when it is missing or unreadable."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


@dataclass(frozen=True)
class HubIdentity:
    """Which hub this terminal talks to and how: config first, then what enrollment stored."""

    url: str
    public_key: str
    token: str | None
    key_conflict: bool = False  # config and enrollment pin different keys
    next_key: str = ""  # the hub's announced next key, pinned by sync (key rotation)


def hub_identity(config: KioskConfig) -> HubIdentity:
    enrolled = read_json(Path(config.data_dir) / ENROLLMENT_FILE) or {}
    url = config.hub.url or str(enrolled.get("hub_url") or "")
    stored_key = str(enrolled.get("public_key") or "")
    replaced = enrolled.get("replaced_keys")
    rotated_from = {str(k).strip() for k in replaced} if isinstance(replaced, list) else set()
    configured = config.hub.public_key.strip()
    if configured in rotated_from:  # the hub rotated its key since the installer wrote it
        configured = ""
    key = configured or stored_key
    conflict = bool(configured and stored_key and configured != stored_key.strip())
    next_key = str(enrolled.get("next_public_key") or "")
    return HubIdentity(url, key, enrolled.get("token") or None, conflict, next_key)


def content_info(data_dir: Path) -> tuple[int | None, datetime | None]:
    """``(content version, when the hub last confirmed it)``, reading without changing anything."""
    path = data_dir / "content.db"
    version = None
    if path.exists():
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                row = conn.execute(
                    "SELECT value FROM meta WHERE key = 'content_version'"
                ).fetchone()
            finally:
                conn.close()
            version = int(row[0]) if row and row[0] else None
        except (sqlite3.DatabaseError, ValueError):
            version = None
    state = read_json(data_dir / SYNC_STATE_FILE) or {}
    # Confirmed = a fresh signed statement named the version (what Syncer.stale counts from);
    # an update applied without one counts only for state files older than statements.
    checked = state.get("last_checked_at")
    if checked is None and "statement_issued_at" not in state:
        checked = state.get("last_applied_at")
    synced_at = datetime.fromtimestamp(checked, UTC) if isinstance(checked, int | float) else None
    return version or None, synced_at


def printer_status(config: KioskConfig) -> tuple[bool, str, str]:
    """Ask the configured printer (``kiosk.tickets.printers.make_printer``).

    :returns: ``(ok, message key or text, technical detail)``; the check translates the key.
    """
    try:
        from kiosk.tickets.printers import make_printer
    except ImportError:
        return False, "printer support is not installed", ""
    from kiosk.errors import PrinterUnavailable

    try:
        status = make_printer(config).status()
    except PrinterUnavailable as exc:
        return False, exc.message_key, exc.detail
    except (OSError, ValueError) as exc:
        return False, str(exc), ""
    key = status.message_key
    if status.ok and getattr(status, "paper_near_end", False):
        key = "doctor.printer.paper_near_end"
    return status.ok, key, "" if status.ok else status.detail


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
    hub_time: datetime | None = None  # the hub's clock, from its Date header
    asked_at: datetime | None = None  # our clock when that answer arrived


def date_header(headers: dict) -> datetime | None:
    """The time in an HTTP ``Date`` header (RFC 9110), or ``None`` when absent or unreadable."""
    from email.utils import parsedate_to_datetime

    value = {k.lower(): v for k, v in headers.items()}.get("date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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


def play_silence(device: str | None = None) -> tuple[bool, str]:
    """Play a tenth of a second of silence through the player and device read-aloud uses: can
    sound come out?

    :param device: the ALSA device read-aloud plays to (``speech.audio_device``; ``None`` or
        ``""``: the system default).
    :returns: ``(ok, detail)``: the player's own complaint when it cannot (no sound card, an
        unknown device, device busy …).
    """
    import tempfile
    import wave

    from kiosk.speech.worker import player_for

    player = player_for(device)
    if player is None:
        return False, "no audio player (aplay, paplay, pw-play)"
    with tempfile.TemporaryDirectory(prefix="doctor-audio-") as folder:
        path = Path(folder) / "silence.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16_000)
            out.writeframes(b"\0\0" * 1600)
        try:
            done = subprocess.run(
                [*player, str(path)], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, type(exc).__name__
    complaint = (done.stderr or "").strip().splitlines()
    said = (complaint[-1] if complaint else "")[:200]
    if done.returncode != 0 and device:
        said = f"{device}: {said}"  # aplay does not name the device it could not open
    return done.returncode == 0, said


@dataclass
class Probes:
    run: Runner = run_command
    http_get: HttpGet = http_get
    which: Callable[[str], str | None] = shutil.which
    is_executable: Callable[[str], bool] = lambda path: os.access(path, os.X_OK)
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    system_offset: Callable[[datetime], timedelta] = system_offset
    build_time: datetime = field(default_factory=build_time)
    disk_free: Callable[[Path], int] = disk_free
    proc_input: Callable[[], str] = lambda: Path("/proc/bus/input/devices").read_text(
        errors="replace"
    )
    hub_identity: Callable[[KioskConfig], HubIdentity] = hub_identity
    content_info: Callable[[Path], tuple[int | None, datetime | None]] = content_info
    printer_status: Callable[[KioskConfig], tuple[bool, str, str]] = printer_status
    audio_output: Callable[[str | None], tuple[bool, str]] = play_silence
    _hub: HubVerdict | None = field(default=None, repr=False)

    def hub_probe(self, config: KioskConfig) -> HubVerdict:
        """Talk to the hub once per doctor run (cached)."""
        if self._hub is None:
            self._hub = ask_hub(config, self)
        return self._hub


def ask_hub(config: KioskConfig, probes: Probes) -> HubVerdict:
    who = probes.hub_identity(config)
    base = who.url.rstrip("/")
    timeout = config.hub.timeout_s
    try:
        status, first_headers, _body = probes.http_get(base + "/openapi.json", {}, timeout)
    except OSError as exc:  # requests' errors are OSError subclasses
        return HubVerdict((0, type(exc).__name__), "unreachable", "unreachable")
    clock = {"hub_time": date_header(first_headers), "asked_at": probes.now()}
    if status != 200:
        return HubVerdict((status, ""), "unreachable", "unreachable", **clock)
    if not who.token:
        return HubVerdict((200, ""), "unverified", "none", **clock)
    version, _synced = probes.content_info(Path(config.data_dir))
    # since = one version back, so the hub answers with a (small) signed body to check the key on.
    since = max((version or 0) - 1, 0)
    url = f"{base}/api/v1/content?since={since}"
    try:
        status, headers, body = probes.http_get(
            url, {"Authorization": f"Bearer {who.token}"}, timeout
        )
    except OSError as exc:
        return HubVerdict((0, type(exc).__name__), "unreachable", "unreachable")
    if status in (401, 403):
        return HubVerdict((200, ""), "unverified", "rejected", **clock)
    signature = {k.lower(): v for k, v in headers.items()}.get("x-signature")
    token = "ok" if status in (200, 304) else "rejected"
    if status != 200 or not signature:
        return HubVerdict((200, ""), "unverified", token, **clock)
    verdict = verify_signature(who.public_key, signature, body)
    if verdict == "mismatch" and who.next_key:  # the hub switched to the pinned next key
        verdict = verify_signature(who.next_key, signature, body)
    return HubVerdict((200, ""), verdict, token, **clock)
