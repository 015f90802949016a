"""The CJK font for tickets, found through fontconfig (never a hard-coded path).

``fc-match 'sans-serif:lang=zh-cn'`` names the font file and the face index inside a ``.ttc``
collection (Noto Sans CJK holds JP, KR, SC, TC faces; the index picks Simplified Chinese).
"""

from __future__ import annotations

import logging
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageFont

from kiosk.errors import KioskError
from kiosk.font_coverage import Coverage, font_coverage

logger = logging.getLogger(__name__)

FC_MATCH_TIMEOUT_S = 5.0
CJK_PATTERN = "sans-serif:lang=zh-cn"


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
    pattern = CJK_PATTERN + (":weight=bold" if bold else "")
    try:
        result = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=FC_MATCH_TIMEOUT_S,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontMissing(f"fc-match failed: {exc}") from None
    path, index, langs = (result.stdout.split("\n") + ["", "", ""])[:3]
    if not path or "zh-cn" not in langs.split("|"):
        raise FontMissing(
            f"no font with Simplified Chinese glyphs (fc-match gave {path or 'nothing'})"
        )
    return FontFace(path=path, index=int(index or 0))


@lru_cache(maxsize=64)
def cjk_font(size_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size_px`` pixels (cached)."""
    face = find_cjk_face(bold)
    return ImageFont.truetype(face.path, size=size_px, index=face.index)


@lru_cache(maxsize=2)
def cjk_coverage(bold: bool = False) -> Coverage | None:
    """The characters the ticket font can draw (None when fontconfig cannot say)."""
    face = find_cjk_face(bold)
    return font_coverage(face.path, face.index)


def drawable(text: str, bold: bool = False) -> str:
    """``text`` without the characters the ticket font would print as empty boxes (emoji …)."""
    coverage = cjk_coverage(bold)
    return text if coverage is None else coverage.visible(text)
