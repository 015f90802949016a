"""Media uploads: checked by size and by content (not by the name or the browser's claim),
stored once by sha256 under ``HUB_DATA/media/<sha256>`` and recorded in the ``media`` table."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import Connection

from contract.records import MAX_MEDIA_BYTES
from hub.crud.records import save_media

# (mime, test on the first bytes) — the types contract.records accepts.
SIGNATURES = (
    ("image/png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/jpeg", lambda b: b.startswith(b"\xff\xd8\xff")),
    ("image/webp", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WEBP"),
    ("audio/wav", lambda b: b[:4] == b"RIFF" and b[8:12] == b"WAVE"),
    (
        "audio/mpeg",
        lambda b: b.startswith(b"ID3") or b[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ),
    ("video/mp4", lambda b: b[4:8] == b"ftyp"),
)


class MediaRefused(ValueError):
    """The upload is empty, too large or of a type terminals cannot show; ``key`` is the reason."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def sniff(data: bytes) -> str | None:
    for mime, test in SIGNATURES:
        if test(data[:16]):
            return mime
    return None


def check(data: bytes) -> str:
    """The mime type of ``data`` or :class:`MediaRefused`."""
    if not data:
        raise MediaRefused("admin.media.empty")
    if len(data) > MAX_MEDIA_BYTES:
        raise MediaRefused("admin.media.too_large", mb=MAX_MEDIA_BYTES // 1_000_000)
    mime = sniff(data)
    if mime is None:
        raise MediaRefused("admin.media.bad_type")
    return mime


def write_once(folder: Path, sha: str, data: bytes) -> None:
    """Write ``data`` as ``folder/sha`` (fsynced, then renamed into place) unless it is there."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / sha
    if target.is_file() and target.stat().st_size == len(data):
        return
    tmp = folder / f".{sha}.tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)


def store(conn: Connection, *, media_dir: Path, data: bytes, name: str) -> str:
    """Check, write (once) and record ``data``; returns its sha256."""
    mime = check(data)
    sha = hashlib.sha256(data).hexdigest()
    write_once(media_dir, sha, data)
    save_media(
        conn, {"id": sha, "mime": mime, "size": len(data), "name": Path(name or "").name[:200]}
    )
    return sha
