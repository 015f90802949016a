"""The hub's signing keys as the key files say now: current, announced next, and previous.

``legal-hub key announce|switch|forget-previous`` (:mod:`hub.core.key_rotation`) changes the
files from another process; every hub process notices within ``RELOAD_S`` (one ``stat`` of three
files) and signs with the new current key from then on. :mod:`contract.key_link` says what the
link headers mean for a terminal.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.key_link import (
    LINK_HEADER,
    LINK_SIGNATURE_HEADER,
    key_id,
    link_bytes,
    signed_message,
)
from hub.core import security
from hub.core.config import HubSettings

RELOAD_S = 1.0


@dataclass(frozen=True)
class Keys:
    """One reading of the key files (``next``/``previous`` are ``None`` when absent)."""

    current: Ed25519PrivateKey
    next: Ed25519PrivateKey | None = None
    previous: Ed25519PrivateKey | None = None

    @property
    def current_id(self) -> str:
        return key_id(security.public_key_b64(self.current))

    @property
    def next_id(self) -> str | None:
        return None if self.next is None else key_id(security.public_key_b64(self.next))

    @property
    def previous_id(self) -> str | None:
        if self.previous is None:
            return None
        return key_id(security.public_key_b64(self.previous))

    def link_headers(self) -> dict[str, str]:
        """The signed link a terminal follows: current → next while a next key is announced,
        else previous → current while the previous key is kept, else none."""
        if self.next is not None:
            source, target = self.current, self.next
        elif self.previous is not None:
            source, target = self.previous, self.current
        else:
            return {}
        raw = link_bytes(
            from_key_id=key_id(security.public_key_b64(source)),
            to_public_key=security.public_key_b64(target),
        )
        return {
            LINK_HEADER: base64.b64encode(raw).decode("ascii"),
            LINK_SIGNATURE_HEADER: security.sign(source, signed_message(raw)),
        }


def _stamp(settings: HubSettings) -> tuple:
    """What changes when any key file is replaced, created or removed."""
    stamp: list[tuple[int, int, int] | None] = []
    for path in (
        settings.signing_key_path,
        settings.next_signing_key_path,
        settings.previous_signing_key_path,
    ):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            stamp.append(None)
        else:
            stamp.append((info.st_ino, info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def read_keys(settings: HubSettings) -> Keys:
    """Read the key files; a next or previous key equal to the current one (a switch stopped
    half-way) counts as absent. FileNotFoundError when there is no current key."""
    current = security.load_signing_key(settings)
    current_public = security.public_key_b64(current)
    found: dict[str, Ed25519PrivateKey | None] = {}
    for name, path in (
        ("next", settings.next_signing_key_path),
        ("previous", settings.previous_signing_key_path),
    ):
        try:
            key = security.load_signing_key(settings, path)
        except FileNotFoundError:
            key = None
        if key is not None and security.public_key_b64(key) == current_public:
            key = None
        found[name] = key
    return Keys(current, found["next"], found["previous"])


class KeyRing:
    """The keys of one hub process, re-read when the files change (at most every ``RELOAD_S``)."""

    def __init__(self, settings: HubSettings, *, clock=time.monotonic) -> None:
        self.settings = settings
        self.clock = clock
        self._lock = threading.Lock()
        self._keys: Keys | None = None
        self._stamp: tuple | None = None
        self._checked = 0.0
        self._headers: dict[str, str] = {}

    def keys(self) -> Keys:
        with self._lock:
            now = self.clock()
            if self._keys is None or now - self._checked >= RELOAD_S:
                self._checked = now
                stamp = _stamp(self.settings)
                if self._keys is None or stamp != self._stamp:
                    self._keys = read_keys(self.settings)
                    self._stamp = stamp
                    self._headers = self._keys.link_headers()
            return self._keys

    def link_headers(self) -> dict[str, str]:
        """The current link headers (signed once per change of the key files)."""
        self.keys()
        return self._headers
