"""A scripted hub that answers ``POST /enroll``: code ``GOOD`` works (any number of times) and
gives the Ed25519 key it was made with; anything else is 404."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.support.fake_http import FakeHttp, Reply


def public_b64():
    key = Ed25519PrivateKey.generate().public_key()
    return base64.b64encode(
        key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    ).decode()


def enroll_server(key):
    def hub(method, path, query, body, headers):
        if body.get("code") != "GOOD":
            return Reply(404, {"detail": "unknown or used enrollment code"})
        return Reply(201, {"terminal_id": "t-1", "token": "secret-token", "public_key": key})

    return FakeHttp(hub)
