"""The Simplified Chinese font face the hub embeds in PDF files (the village file).

As on the terminals (``kiosk/cjk_face.py``; the hub does not import the terminal), fontconfig
names it: ``fc-match 'sans-serif:lang=zh-cn'`` gives the file and the face inside a ``.ttc``
collection (Noto Sans CJK's index picks its SC face). Debian: ``fonts-noto-cjk`` (the hub's
``deploy/hub/install.sh`` installs it).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache

FC_MATCH_TIMEOUT_S = 5.0
CJK_PATTERN = "sans-serif:lang=zh-cn"


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
        raise PdfFontMissing(f"fc-match failed: {exc}") from None
    path, index, langs = (result.stdout.split("\n") + ["", "", ""])[:3]
    if not path or "zh-cn" not in langs.split("|"):
        raise PdfFontMissing(f"no font with Simplified Chinese glyphs (fc-match gave {path!r})")
    return PdfFont(path=path, index=int(index or 0))
