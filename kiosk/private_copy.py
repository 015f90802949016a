"""A private copy of a terminal's data folder, for runs that must leave the live one alone.

``legal-kiosk screenshot`` is suggested on live terminals. Run against the live folder, its tour
would queue about 130 usage events in the outbox (delivered as real usage at the next sync, and
its searches would show up in the zero-result list staff write new guides from) and could touch
the content store. Instead it runs on a copy made here:

- ``content.db`` is copied with SQLite's backup API (consistent even while the kiosk writes it);
- ``media/`` is linked, not copied: media files are large, named by their hash and only read by
  the screens (only sync writes them, and the copy is not enrolled);
- the outbox, the enrollment (token) and Kivy's settings are *not* copied: the copy has its own
  empty outbox, is not enrolled, so nothing it records can reach the hub.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.store import DB_NAME

MEDIA_DIR = "media"


def copy_content_db(source: Path, target: Path) -> None:
    """Copy a (possibly live) SQLite file through the backup API, without writing to it.

    The source connection is ``query_only``. It is not opened with ``mode=ro``: a read-only
    connection to a WAL database leaves ``-wal``/``-shm`` files behind, a normal one removes
    them when it is the last to close, as the kiosk's own connections do.
    """
    src = sqlite3.connect(source)
    try:
        src.execute("PRAGMA query_only = 1")
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def private_data_copy(config: KioskConfig, target: Path) -> KioskConfig:
    """Fill the empty folder ``target`` from ``config.data_dir``; returns a config that uses it.

    The returned config keeps every other setting (hub URL for QR links, language, printer …) and
    names no config file, so nothing run with it can rewrite the terminal's kiosk.toml.
    """
    live = Path(config.data_dir)
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if (live / DB_NAME).is_file():
        copy_content_db(live / DB_NAME, target / DB_NAME)
    if (live / MEDIA_DIR).is_dir():
        (target / MEDIA_DIR).symlink_to((live / MEDIA_DIR).resolve(), target_is_directory=True)
    return dataclasses.replace(config, data_dir=target, source=None, config_file=None)
