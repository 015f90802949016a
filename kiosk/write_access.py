"""Can this user write a file where a command is about to write it? Asked before a step that
cannot be undone (redeeming a one-time enrollment code), so a refusal costs nothing.

The answers follow how the terminal writes: :func:`kiosk.atomic_file.write_atomic` needs the
folder (a new file next to the old one, then a rename); :func:`kiosk.config_edit.write_strings`
also rewrites an existing file in place when only the file is writable (``/etc/legal-kiosk``
owned by root, ``kiosk.toml`` group-writable for the kiosk user). Missing folders are made by
the writers, so the nearest existing one must let us create them.
"""

from __future__ import annotations

import os
from pathlib import Path


def _nearest_existing(folder: Path) -> Path:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def write_problem(path: Path, *, in_place_ok: bool = False) -> Path | None:
    """The file or folder that refuses this user writing ``path``, or ``None`` when it can.

    :param in_place_ok: an existing file may be rewritten in place when its folder is read-only.
    """
    path = Path(path).absolute()
    folder = path.parent
    existing = _nearest_existing(folder)
    if existing != folder:  # folders still to be made
        return None if os.access(existing, os.W_OK | os.X_OK) else existing
    if path.is_dir():
        return path
    if os.access(folder, os.W_OK | os.X_OK):
        return None
    if in_place_ok and path.is_file() and os.access(path, os.R_OK | os.W_OK):
        return None
    return path if path.exists() else folder
