"""The hub keys this terminal trusts: the key pinned at enrollment and an announced next key.

:class:`KeyPins` checks signatures like an ``Ed25519PublicKey`` (``verify(signature, data)``),
so sync's pure checks take it where they take a key. It follows a key rotation
(:mod:`contract.key_link`):

- :meth:`KeyPins.take_link` pins the hub's next key when the link comes from the current pin
  and is signed by it; a link from any other key is ignored;
- :meth:`KeyPins.verify` accepts the current key; a signature that only the next key makes
  means the hub has switched: the next key becomes the current pin and the old one is dropped
  for good (anything it signs later is refused).

``on_change(current, next, replaced)`` is called after every change so the caller keeps the pins
durably (``enrollment.json``) before anything signed by the new key is trusted further.
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading
from collections.abc import Callable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contract.key_link import key_id, parse_link, signed_message
from kiosk.hublink.plan import load_public_key

logger = logging.getLogger(__name__)

OnChange = Callable[[str, str, str | None], None]


def _public(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))


class KeyPins:
    """The current pin (base64 raw key; PEM and DER are read by :func:`load_public_key`) and
    the next one ("" when none is announced)."""

    def __init__(self, current: str, next_key: str = "", *, on_change=None) -> None:
        """:param current: the pinned key as stored (base64, PEM or DER); ``no_key`` when it
        cannot be read (:func:`~kiosk.hublink.plan.load_public_key`)."""
        self._lock = threading.Lock()
        self._current_key: Ed25519PublicKey = load_public_key(current)
        self.current = current.strip()
        self.next = ""
        self._next_key: Ed25519PublicKey | None = None
        self.on_change: OnChange | None = on_change
        if next_key:
            try:
                self._next_key, self.next = _public(next_key), next_key.strip()
            except (ValueError, binascii.Error):
                logger.warning("the stored next hub key cannot be read; ignoring it")

    @property
    def current_id(self) -> str | None:
        try:
            return key_id(self.current)
        except ValueError:  # a PEM or DER pin from the config: no short id
            return None

    @property
    def next_id(self) -> str | None:
        return key_id(self.next) if self.next else None

    def take_link(self, header: str | None, signature: str | None) -> bool:
        """Pin the next key a valid link from the current pin names; True when it is new."""
        if not header or not signature:
            return False
        try:
            raw, source, target = parse_link(header)
            sig = base64.b64decode(signature.strip(), validate=True)
        except (ValueError, binascii.Error):
            logger.info("ignoring a malformed key link")
            return False
        with self._lock:
            if source != self.current_id or target == self.current or target == self.next:
                return False
            try:
                self._current_key.verify(sig, signed_message(raw))
            except InvalidSignature:
                logger.warning("ignoring a key link that the pinned key did not sign")
                return False
            self._next_key, self.next = _public(target), target
            logger.info("pinned the hub's next key %s", key_id(target))
            self._changed(None)
        return True

    def verify(self, signature: bytes, data: bytes) -> None:
        """Raise ``InvalidSignature`` unless the current pin (or the next one, which then
        becomes current) signed ``data``."""
        with self._lock:
            try:
                self._current_key.verify(signature, data)
                return
            except InvalidSignature:
                if self._next_key is None:
                    raise
            self._next_key.verify(signature, data)  # raises InvalidSignature too
            replaced = self.current
            self._current_key, self.current = self._next_key, self.next
            self._next_key, self.next = None, ""
            logger.warning("the hub switched keys: now pinned to %s", self.current_id)
            self._changed(replaced)

    def _changed(self, replaced: str | None) -> None:
        if self.on_change is not None:
            self.on_change(self.current, self.next, replaced)
