"""Write a few keys into the terminal's TOML config file, keeping its comments and layout.

``legal-kiosk enroll`` uses this to fill ``[hub] url`` and ``public_key``, so every later command
(sync, doctor, the tickets' QR codes, the maintenance screen) reads the hub from the one file the
technician edits. Only string values are written; a key already in the section is replaced on its
line, a missing key is added at the end of the section, a missing section at the end of the file.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path

from kiosk.atomic_file import write_atomic
from kiosk.errors import ConfigError

_HEADER = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")


def _toml_string(value: str) -> str:
    # A JSON string with non-ASCII kept is a valid TOML basic string.
    return json.dumps(value, ensure_ascii=False)


def set_strings(text: str, section: str, values: Mapping[str, str]) -> str:
    """``text`` with ``[section] key = "value"`` set for every item of ``values``."""
    lines = text.splitlines()
    start = end = None
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match is None:
            continue
        if start is not None:
            end = index
            break
        if match.group(1).strip() == section:
            start = index
    pending = dict(values)
    if start is None:
        if lines and lines[-1].strip():
            lines.append("")
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {_toml_string(value)}" for key, value in pending.items())
    else:
        stop = len(lines) if end is None else end
        for index in range(start + 1, stop):
            for key in list(pending):
                if re.match(rf"^\s*{re.escape(key)}\s*=", lines[index]):
                    lines[index] = f"{key} = {_toml_string(pending.pop(key))}"
        insert_at = start + 1
        for index in range(start + 1, stop):
            if lines[index].strip() and not lines[index].lstrip().startswith("#"):
                insert_at = index + 1
        for offset, (key, value) in enumerate(pending.items()):
            lines.insert(insert_at + offset, f"{key} = {_toml_string(value)}")
    result = "\n".join(lines) + "\n"
    tomllib.loads(result)  # never write a file the next start cannot read
    return result


def write_strings(path: Path, section: str, values: Mapping[str, str]) -> Path:
    """Set the keys in the file at ``path`` (created when missing); returns the path.

    The file is replaced atomically when its folder is writable; a config in a folder only root
    may write (``/etc/legal-kiosk``, the file itself group-writable for the kiosk user) is
    rewritten in place.
    """
    path = Path(path)
    try:
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        new = set_strings(old, section, values)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.access(path.parent, os.W_OK):
            write_atomic(path, new.encode("utf-8"), mode=mode)
        else:
            with open(path, "r+b") as handle:
                handle.write(new.encode("utf-8"))
                handle.truncate()
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be written ({exc.strerror})") from None
    return path
