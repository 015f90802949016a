"""Media files of the content store, one file per sha256 under ``<data>/media/``."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from contract.records import SHA256_RE
from kiosk.errors import ContentRejected

logger = logging.getLogger(__name__)


class MediaFiles:
    """Content-addressed files: the name is the sha256 of the bytes, checked on every save."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path | None:
        if not isinstance(sha256, str) or not SHA256_RE.match(sha256):
            return None
        path = self.folder / sha256
        return path if path.is_file() else None

    def save(self, sha256: str, data: bytes) -> Path:
        """Write ``data`` atomically (temp file, fsync, rename) if it hashes to ``sha256``."""
        if not isinstance(sha256, str) or not SHA256_RE.match(sha256):
            raise ContentRejected(f"media id {sha256!r} is not a sha256 digest")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ContentRejected(f"media {sha256}: bytes do not match their hash")
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / sha256
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target

    def remove(self, sha256: str) -> None:
        path = self.path(sha256)
        if path is not None:
            path.unlink(missing_ok=True)
