"""Throwaway signed content for sync tests: a hub key, signed replies and a store double."""

import base64
import hashlib
import json
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from contract.freshness import (
    TIMESTAMP_HEADER,
    TIMESTAMP_SIGNATURE_HEADER,
    signed_message,
    statement_bytes,
)
from tests.support.fake_http import Reply

KEY = Ed25519PrivateKey.generate()


PUBLIC = base64.b64encode(
    KEY.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
).decode()


PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 40


PNG_SHA = hashlib.sha256(PNG).hexdigest()


CATEGORY = {
    "id": "labour",
    "name": "劳动就业",
    "name_en": "Work",
    "icon": "",
    "sort": 2,
    "hot_questions": ["老板拖欠工资怎么办"],
    "popular": [],
}


class StoreDouble:
    def __init__(self):
        self.version = 0
        self.applied = []
        self.media = {}

    def content_version(self):
        return self.version

    def media_path(self, sha):
        return sha if sha in self.media else None

    def save_media(self, sha, data):
        self.media[sha] = data

    def apply(self, changes, *, version):
        self.applied.append((changes, version))
        self.version = version
        return {}


def fresh_headers(version, *, issued_at=None, expires_in=86_400, key=KEY):
    """The hub's signed statement "the current version is ``version``" (contract.freshness)."""
    issued = int(time.time()) if issued_at is None else int(issued_at)
    raw = statement_bytes(version=version, issued_at=issued, expires_at=issued + expires_in)
    return {
        TIMESTAMP_HEADER: base64.b64encode(raw).decode(),
        TIMESTAMP_SIGNATURE_HEADER: base64.b64encode(key.sign(signed_message(raw))).decode(),
    }


def signed_reply(payload, *, etag='"v"', tamper=False, cut_to=None, fresh=True):
    body = json.dumps(payload, ensure_ascii=False).encode()
    signature = base64.b64encode(KEY.sign(body)).decode()
    if tamper:
        body = body.replace("劳动".encode(), "劳务".encode())
    headers = {"X-Signature": signature, "ETag": etag}
    if fresh and isinstance(payload, dict) and isinstance(payload.get("version"), int):
        headers.update(fresh_headers(payload["version"]))
    return Reply(200, body, headers, cut_to=cut_to)


def content(version, since=0, media=()):
    changes = {"categories": {"upsert": [CATEGORY], "delete": []}}
    if media:
        changes["media"] = {"upsert": list(media), "delete": []}
    return {"version": version, "since": since, "changes": changes}
