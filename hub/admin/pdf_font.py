"""The Simplified Chinese font face the hub embeds in PDF files (the village file).

As on the terminals (``kiosk/cjk_face.py``; the hub does not import the terminal), fontconfig
names it: ``fc-match 'sans-serif:lang=zh-cn'`` gives the file and the face inside a ``.ttc``
collection (Noto Sans CJK's index picks its SC face). Debian: ``fonts-noto-cjk`` (the hub's
``deploy/hub/install.sh`` installs it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from contract.cjk_font_match import match_cjk_face


class PdfFontMissing(RuntimeError):
    """No font with Simplified Chinese glyphs is installed."""


@dataclass(frozen=True)
class PdfFont:
    path: str
    index: int


@lru_cache(maxsize=2)
def cjk_font(bold: bool = False) -> PdfFont:
    """The face fontconfig picks for Simplified Chinese (its bold one when asked).

    :raises PdfFontMissing: when fontconfig is missing or its best match has no Chinese glyphs.
    """
    try:
        path, index = match_cjk_face(bold)
    except LookupError as exc:
        raise PdfFontMissing(str(exc)) from None
    return PdfFont(path=path, index=index)
