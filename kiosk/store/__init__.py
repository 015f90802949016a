"""The offline content cache: ``content.db`` through sqlite-utils, and media files by sha256.

- :mod:`~kiosk.store.repository` — :class:`ContentStore`, the intention-named reads and writes;
- :mod:`~kiosk.store.apply` — validate a whole content update, then apply it in one transaction;
- :mod:`~kiosk.store.index` — the per-field search index and vocabulary built at apply time;
- :mod:`~kiosk.store.media` — media files stored and verified by sha256;
- :mod:`~kiosk.store.schema` — the schema as sqlite-utils migrations.
"""

from kiosk.store.repository import DB_NAME, ContentStore, decode

__all__ = ["DB_NAME", "ContentStore", "decode"]
