"""Which installed font face shows Simplified Chinese: fontconfig's answer, for the terminal's
screens and tickets (``kiosk/cjk_face.py``) and the hub's PDF files (``hub/admin/pdf_font.py``).

``fc-match 'sans-serif:lang=zh-cn'`` gives the file and the face inside a ``.ttc`` collection
(Noto Sans CJK's index picks its SC face). Debian: ``fonts-noto-cjk``.
"""

from __future__ import annotations

import subprocess

FC_MATCH_TIMEOUT_S = 5.0
CJK_PATTERN = "sans-serif:lang=zh-cn"


def match_cjk_face(bold: bool = False) -> tuple[str, int]:
    """``(font file, face index)`` fontconfig picks for Simplified Chinese (bold when asked).

    :raises LookupError: fontconfig is missing, or its best match has no Chinese glyphs (the
        message says which).
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
        raise LookupError(f"fc-match failed: {exc}") from None
    path, index, langs = (result.stdout.split("\n") + ["", "", ""])[:3]
    if not path or "zh-cn" not in langs.split("|"):
        raise LookupError(
            f"no font with Simplified Chinese glyphs (fc-match gave {path or 'nothing'})"
        )
    return path, int(index or 0)
