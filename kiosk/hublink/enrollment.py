"""Enrollment: a one-time code from the hub becomes this terminal's identity.

``legal-kiosk enroll --hub URL --code CODE`` calls ``POST /enroll`` and stores the answer in
``<data>/enrollment.json`` with mode 0600 (it holds the bearer token): the hub address, the
terminal id, the token and the hub's public key. The key is pinned: every later content answer
must verify against it, and enrolling again with a hub that shows a different key is refused
unless the technician says ``--replace`` (moving the terminal to another hub on purpose).
A key written into the config (``hub.public_key``, e.g. by the installer) must match too —
or be one this terminal rotated away from: when the hub rotates its key
(:mod:`contract.key_link`), sync keeps the new pins here (``public_key``, ``next_public_key``,
``replaced_keys``), never in the config.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import requests

from kiosk.atomic_file import write_atomic
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError, KioskError
from kiosk.hublink.client import HubClient
from kiosk.hublink.plan import load_public_key

logger = logging.getLogger(__name__)

ENROLLMENT_FILE = "enrollment.json"
REQUIRED_FIELDS = ("hub_url", "terminal_id", "token", "public_key", "enrolled_at")
MAX_REPLACED_KEYS = 10


class EnrollmentError(KioskError):
    """Enrollment failed or the stored enrollment cannot be used."""

    message_key = "error.config"


@dataclass(frozen=True)
class Enrollment:
    hub_url: str
    terminal_id: str
    token: str
    public_key: str
    enrolled_at: float
    next_public_key: str = ""  # the hub's announced next key, pinned (key rotation)
    replaced_keys: list[str] = field(default_factory=list)  # keys rotated away from

    def public(self) -> dict:
        """What may be shown or logged: everything but the token."""
        shown = asdict(self)
        shown.pop("token")
        return shown


def load_enrollment(data_dir: Path) -> Enrollment | None:
    """The stored enrollment, or ``None`` when this terminal has not been enrolled."""
    path = Path(data_dir) / ENROLLMENT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        found = Enrollment(**{k: raw[k] for k in REQUIRED_FIELDS})
        next_key, replaced = raw.get("next_public_key", ""), raw.get("replaced_keys", [])
        if not isinstance(next_key, str) or not isinstance(replaced, list):
            raise TypeError("next_public_key or replaced_keys")
        return replace(
            found,
            next_public_key=next_key,
            replaced_keys=[key for key in replaced if isinstance(key, str)],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EnrollmentError(
            f"{path}: unreadable ({type(exc).__name__}); enroll again with --replace"
        ) from None


def save_enrollment(data_dir: Path, enrollment: Enrollment) -> Path:
    path = Path(data_dir) / ENROLLMENT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(asdict(enrollment), indent=1).encode(), mode=0o600)
    path.chmod(0o600)
    return path


def save_pins(data_dir: Path, current: str, next_key: str, replaced: str | None) -> None:
    """Keep the hub keys sync now trusts (after a link or a switch) in ``enrollment.json``."""
    held = load_enrollment(data_dir)
    if held is None:
        raise EnrollmentError(f"{data_dir}: not enrolled; the new hub key cannot be kept")
    gone = list(held.replaced_keys)
    if replaced and replaced not in gone:
        gone = (gone + [replaced])[-MAX_REPLACED_KEYS:]
    save_enrollment(
        data_dir, replace(held, public_key=current, next_public_key=next_key, replaced_keys=gone)
    )


def config_key_agrees(config: KioskConfig, enrollment: Enrollment) -> bool:
    """The config pins no key, the enrolled one, or one this terminal rotated away from."""
    pinned = config.hub.public_key.strip()
    held = {enrollment.public_key.strip(), *(key.strip() for key in enrollment.replaced_keys)}
    return not pinned or pinned in held


def enroll(
    client: HubClient,
    *,
    data_dir: Path,
    code: str,
    name: str | None = None,
    pinned_key: str = "",
    replace: bool = False,
    clock=time.time,
) -> Enrollment:
    """Redeem ``code`` at the hub and store the identity; returns it.

    :param pinned_key: a key the hub must show (from the config); empty when none is set.
    :param replace: allow a hub whose key differs from the one pinned by an earlier enrollment.
    """
    code = code.strip()
    if not code:
        raise EnrollmentError("the enrollment code is empty")
    previous = load_enrollment(data_dir)
    answer = client.enroll(code, name)
    terminal_id, token, key = (
        answer.get("terminal_id"),
        answer.get("token"),
        answer.get("public_key"),
    )
    if not (
        isinstance(terminal_id, str)
        and terminal_id
        and isinstance(token, str)
        and token
        and isinstance(key, str)
        and key
    ):
        raise EnrollmentError("the hub's enrollment answer lacks terminal_id, token or public_key")
    load_public_key(key)  # refuses a key that is not Ed25519
    known = () if previous is None else (previous.public_key, previous.next_public_key)
    if previous is not None and key not in known and not replace:
        raise EnrollmentError(
            "this terminal is pinned to another hub key; use --replace to move it on purpose"
        )
    if pinned_key and pinned_key.strip() != key.strip():
        raise EnrollmentError("the hub's public key differs from hub.public_key in the config")
    enrollment = Enrollment(client.base_url, terminal_id, token, key, clock())
    save_enrollment(data_dir, enrollment)
    logger.info("enrolled as terminal %s at %s", terminal_id, client.base_url)
    return enrollment


def connect(
    config: KioskConfig, *, session: requests.Session | None = None
) -> tuple[HubClient, Enrollment]:
    """A hub client with this terminal's token, from the stored enrollment and the config."""
    enrollment = load_enrollment(config.data_dir)
    if enrollment is None:
        raise ConfigError(
            f"{config.data_dir}: not enrolled; run legal-kiosk enroll --hub URL --code CODE"
        )
    if not config_key_agrees(config, enrollment):
        raise ConfigError("hub.public_key: differs from the key pinned at enrollment")
    client = HubClient(
        config.hub.url or enrollment.hub_url,
        session=session or requests.Session(),
        token=enrollment.token,
        timeout_s=config.hub.timeout_s,
        max_body_bytes=config.hub.max_body_bytes,
    )
    return client, enrollment
