"""The maintenance PIN: hashing, verification and a growing lockout after wrong tries.

Hashes are ``pbkdf2_sha256$<iterations>$<salt hex>$<digest hex>`` (made by ``legal-kiosk
pin-hash``) or argon2 strings (``$argon2id$...``). The PIN itself is never stored or logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

PBKDF2_ITERATIONS = 200_000
FREE_TRIES = 5
FIRST_LOCKOUT_S = 30.0
MAX_LOCKOUT_S = 3600.0


def hash_pin(pin: str, *, iterations: int = PBKDF2_ITERATIONS, salt: bytes | None = None) -> str:
    """A pbkdf2-sha256 hash string for ``pin`` (digits only, 4-12 of them)."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise ValueError("a PIN is 4 to 12 digits")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, pin_hash: str) -> bool:
    """True when ``pin`` matches ``pin_hash``; False for any mismatch or malformed hash."""
    if not pin_hash:
        return False
    if pin_hash.startswith("$argon2"):
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        try:
            return PasswordHasher().verify(pin_hash, pin)
        except (VerificationError, InvalidHashError):
            return False
    try:
        scheme, iterations, salt_hex, digest_hex = pin_hash.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        digest = hashlib.pbkdf2_hmac(
            "sha256", pin.encode(), bytes.fromhex(salt_hex), int(iterations)
        )
    except ValueError:
        logger.warning("maintenance.pin_hash is malformed")
        return False
    return hmac.compare_digest(digest.hex(), digest_hex)


class PinGate:
    """Checks PIN tries; after ``FREE_TRIES`` wrong ones each further wrong try doubles the lockout.

    :param clock: monotonic seconds, injectable for tests.
    """

    def __init__(self, pin_hash: str, *, clock: Callable[[], float] | None = None) -> None:
        self.pin_hash = pin_hash
        self._clock = clock or time.monotonic
        self.failures = 0
        self._locked_until = 0.0

    @property
    def configured(self) -> bool:
        return bool(self.pin_hash)

    def locked_for_s(self) -> float:
        """Seconds until the next try is accepted (0 when not locked)."""
        return max(0.0, self._locked_until - self._clock())

    def attempt(self, pin: str) -> str:
        """Try a PIN: answers ``"ok"``, ``"wrong"``, ``"locked"`` or ``"not_configured"``."""
        if not self.configured:
            return "not_configured"
        if self.locked_for_s() > 0:
            return "locked"
        if verify_pin(pin, self.pin_hash):
            self.failures = 0
            return "ok"
        self.failures += 1
        logger.warning("wrong maintenance PIN (%d in a row)", self.failures)
        if self.failures >= FREE_TRIES:
            extra = self.failures - FREE_TRIES
            self._locked_until = self._clock() + min(MAX_LOCKOUT_S, FIRST_LOCKOUT_S * 2**extra)
            return "locked"
        return "wrong"


class CornerTaps:
    """The hidden gesture that opens maintenance: ``taps`` taps within ``window_s`` seconds."""

    def __init__(
        self, *, taps: int = 5, window_s: float = 2.0, clock: Callable[[], float] | None = None
    ) -> None:
        self.taps = taps
        self.window_s = window_s
        self._clock = clock or time.monotonic
        self._times: list[float] = []

    def tap(self) -> bool:
        """Register one tap; True when it completes the gesture (the count then starts over)."""
        now = self._clock()
        self._times = [t for t in self._times if now - t <= self.window_s] + [now]
        if len(self._times) >= self.taps:
            self._times = []
            return True
        return False
