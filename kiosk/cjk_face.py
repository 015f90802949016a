"""The Simplified Chinese font face, for tickets (Pillow) and the screen (Kivy) alike.

``fc-match 'sans-serif:lang=zh-cn'`` names the font file and the face index inside a ``.ttc``
collection (Noto Sans CJK holds JP, KR, SC, TC faces; the index picks Simplified Chinese).
Pillow opens any face of a collection; Kivy's text provider (SDL2_ttf) opens face 0 only — the
Japanese one, whose 关, 说, 骨 … are drawn in Japanese forms. :func:`single_face_file` gives
Kivy a file that holds only the chosen face, extracted once into a cache folder.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from contract.cjk_font_match import match_cjk_face
from kiosk.atomic_file import write_atomic
from kiosk.errors import KioskError

logger = logging.getLogger(__name__)

COLLECTION_MAGIC = b"ttcf"  # the first four bytes of a font collection (.ttc / .otc)


class FontMissing(KioskError):
    """No font with Simplified Chinese glyphs is installed (Debian: fonts-noto-cjk)."""

    message_key = "tickets.font_missing"


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int


@lru_cache(maxsize=4)
def find_cjk_face(bold: bool = False) -> FontFace:
    """The font face fontconfig picks for Simplified Chinese (bold when asked and installed).

    :raises FontMissing: when fontconfig is missing or its best match has no Chinese glyphs.
    """
    try:
        path, index = match_cjk_face(bold)
    except LookupError as exc:
        raise FontMissing(str(exc)) from None
    return FontFace(path=path, index=index)


def is_collection(path: str | Path) -> bool:
    with open(path, "rb") as font:
        return font.read(4) == COLLECTION_MAGIC


def single_face_file(face: FontFace, cache_dir: Path) -> Path:
    """A font file whose only face is ``face``: the file itself when it is no collection, else
    the face extracted into ``cache_dir`` (once; a changed collection gets a new file).

    :raises OSError: when the font cannot be read or the cache folder cannot be written.
    :raises fontTools.ttLib.TTLibError: when the collection is damaged.
    """
    source = Path(face.path)
    if not is_collection(source):
        return source
    stat = source.stat()
    stem = f"{source.stem}-{face.index}"
    target = cache_dir / f"{stem}-{stat.st_size}-{int(stat.st_mtime)}.otf"
    if target.exists():
        return target
    from fontTools.ttLib import TTCollection  # only at the first start after an install

    cache_dir.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    collection = TTCollection(str(source), lazy=True)
    try:
        collection.fonts[face.index].save(buffer)
    finally:
        collection.close()
    write_atomic(target, buffer.getvalue())
    for stale in cache_dir.glob(f"{stem}-*.otf"):
        if stale != target:
            stale.unlink(missing_ok=True)  # the face of a collection since updated
    logger.info("face %d of %s extracted to %s", face.index, source, target)
    return target
