"""Signed statements the hub sends in HTTP headers: base64 of compact JSON, read the same way."""

from __future__ import annotations

import base64
import binascii
import json


def decode_header(header: str, *, max_chars: int, what: str) -> tuple[bytes, object]:
    """``(raw bytes, parsed JSON)`` of a header value; ValueError naming ``what`` otherwise."""
    if len(header) > max_chars:
        raise ValueError(f"the {what} header is too long")
    try:
        raw = base64.b64decode(header.strip(), validate=True)
        return raw, json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError(f"the {what} is not base64 JSON") from None
