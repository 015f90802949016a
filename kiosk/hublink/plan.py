"""The pure half of sync: from the exact bytes the hub sent to a checked plan, or a refusal.

:func:`plan` touches no network, file or database, so every way an answer can be wrong is
tested with plain bytes. The order matters (FIELD-NOTES, "verify before you trust"):

1. the Ed25519 signature over the exact body bytes, with the pinned hub key — before parsing;
2. the JSON shape ``{"version", "since", "changes"}``;
3. rollback: a version older than the highest ever accepted is refused; a diff whose base
   (``since``) is newer than what is held would leave a gap and is refused too;
4. every record validated with :func:`contract.records.validate_record`.

A refusal is a :class:`~kiosk.errors.ContentRejected` whose ``reason`` is a short code
(``unsigned``, ``bad_signature``, ``not_json``, ``bad_shape``, ``rollback``, ``gap``,
``invalid_record``) for the ``sync_rejected`` event.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from contract.freshness import parse_statement, signed_message
from contract.records import COLLECTIONS, RecordInvalid, validate_id, validate_record
from kiosk.errors import ContentRejected
from kiosk.hublink.page_mark import PageMark, parse_page_mark

MAX_SIGNATURE_CHARS = 200


class SignatureCheck(Protocol):
    """What checks a hub signature: an ``Ed25519PublicKey``, or the terminal's
    :class:`~kiosk.hublink.key_pins.KeyPins` (which follows a key rotation)."""

    def verify(self, signature: bytes, data: bytes) -> None: ...


@dataclass(frozen=True)
class SyncPlan:
    """A verified, validated update: apply ``changes`` as ``version``, after fetching ``media``."""

    version: int
    since: int
    changes: dict = field(default_factory=dict)
    media: list[dict] = field(default_factory=list)  # media records whose files are missing
    page: PageMark | None = None  # which page of a paged change set (None: the whole set)

    @property
    def empty(self) -> bool:
        return not any(part["upsert"] or part["delete"] for part in self.changes.values())


def rejected(reason: str, detail: str) -> ContentRejected:
    return ContentRejected(f"{reason}: {detail}", reason=reason)


def load_public_key(text: str) -> Ed25519PublicKey:
    """The hub's key from base64 (raw 32 bytes or DER SubjectPublicKeyInfo) or PEM text."""
    text = (text or "").strip()
    if not text:
        raise rejected("no_key", "no hub public key is pinned; enroll first")
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode())
        else:
            raw = base64.b64decode(text, validate=True)
            key = (
                Ed25519PublicKey.from_public_bytes(raw)
                if len(raw) == 32
                else serialization.load_der_public_key(raw)
            )
    except (ValueError, binascii.Error, TypeError):
        raise rejected("no_key", "the pinned hub public key cannot be read") from None
    if not isinstance(key, Ed25519PublicKey):
        raise rejected("no_key", "the pinned hub public key is not Ed25519")
    return key


def verify(body: bytes, signature: str | None, key: SignatureCheck) -> None:
    """Raise unless ``signature`` (base64) is the key's Ed25519 signature of exactly ``body``."""
    if not signature:
        raise rejected("unsigned", "the answer carries no X-Signature")
    if len(signature) > MAX_SIGNATURE_CHARS:
        raise rejected("bad_signature", "the signature is too long")
    try:
        key.verify(base64.b64decode(signature.strip(), validate=True), body)
    except (binascii.Error, ValueError, InvalidSignature):
        raise rejected("bad_signature", "the signature does not match the pinned hub key") from None


@dataclass(frozen=True)
class Statement:
    """A verified statement of the hub's current content version (Unix seconds)."""

    version: int
    issued_at: int
    expires_at: int


def check_statement(
    header: str | None,
    signature: str | None,
    key: SignatureCheck,
    *,
    version: int,
    now: float,
    newest_issued_at: float | None,
) -> Statement:
    """Verify the signed statement of a ``GET /content`` answer (:mod:`contract.freshness`).

    It must be signed by the pinned key, name ``version`` (what a 304 confirms, or what a 200
    brought), not be expired at ``now`` (this terminal's clock) and not be older than the newest
    statement already accepted (``newest_issued_at``: no replay of an old one).

    :raises ContentRejected: reasons ``timestamp_missing``, ``timestamp_invalid``,
        ``timestamp_version``, ``timestamp_expired``, ``timestamp_replayed``.
    """
    if not header or not signature:
        raise rejected("timestamp_missing", "the answer carries no signed content timestamp")
    try:
        raw, data = parse_statement(header)
    except ValueError as exc:
        raise rejected("timestamp_invalid", str(exc)) from None
    try:
        verify(signed_message(raw), signature, key)
    except ContentRejected as exc:
        raise rejected("timestamp_invalid", f"timestamp: {exc.detail}") from None
    statement = Statement(**data)
    if statement.version != version:
        raise rejected(
            "timestamp_version",
            f"the timestamp names version {statement.version}, the answer {version}",
        )
    if statement.expires_at <= now:
        raise rejected("timestamp_expired", "the signed content timestamp has expired")
    if newest_issued_at is not None and statement.issued_at < newest_issued_at:
        raise rejected("timestamp_replayed", "the timestamp is older than one already accepted")
    return statement


def _version(data: dict, name: str) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise rejected("bad_shape", f"{name} must be a whole number >= 0")
    return value


def _clean_changes(raw: object) -> dict:
    if not isinstance(raw, dict):
        raise rejected("bad_shape", "changes must be an object")
    unknown = sorted(set(raw) - set(COLLECTIONS))
    if unknown:
        raise rejected("bad_shape", f"unknown collection {unknown[0]}")
    cleaned = {}
    for collection in COLLECTIONS:
        part = raw.get(collection)
        if part is None:
            continue
        if not isinstance(part, dict) or set(part) - {"upsert", "delete"}:
            raise rejected("bad_shape", f"changes.{collection} must be {{upsert, delete}}")
        upsert, delete = part.get("upsert") or [], part.get("delete") or []
        if not isinstance(upsert, list) or not isinstance(delete, list):
            raise rejected("bad_shape", f"changes.{collection} upsert and delete must be lists")
        try:
            records = [validate_record(collection, record) for record in upsert]
            ids = [validate_id(collection, value) for value in delete]
        except RecordInvalid as exc:
            raise rejected("invalid_record", str(exc)) from None
        cleaned[collection] = {"upsert": records, "delete": ids}
    return cleaned


def plan(
    body: bytes,
    signature: str | None,
    *,
    public_key: SignatureCheck,
    held_version: int,
    highest_version: int,
    have_media: Callable[[str], bool] = lambda sha256: False,
) -> SyncPlan:
    """Check one ``GET /content`` answer and say what applying it means.

    :param held_version: the version of the content now in the store.
    :param highest_version: the highest version this terminal ever accepted (rollback floor).
    :param have_media: whether a media file (by sha256) is already stored.
    """
    verify(body, signature, public_key)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise rejected("not_json", "the signed body is not JSON") from None
    if not isinstance(data, dict):
        raise rejected("bad_shape", "the answer must be an object")
    version, since = _version(data, "version"), _version(data, "since")
    if version < max(highest_version, held_version):
        raise rejected(
            "rollback",
            f"version {version} is older than the {max(highest_version, held_version)} already accepted",
        )
    if since > held_version:
        raise rejected("gap", f"changes since {since} cannot apply to held version {held_version}")
    if since > version:
        raise rejected("bad_shape", f"since {since} is after version {version}")
    changes = _clean_changes(data.get("changes", {}))
    media = [
        record
        for record in changes.get("media", {}).get("upsert", [])
        if not have_media(record["id"])
    ]
    page = parse_page_mark(data.get("page"))
    return SyncPlan(version=version, since=since, changes=changes, media=media, page=page)
