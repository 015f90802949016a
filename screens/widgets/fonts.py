"""Finds a CJK font through fontconfig and makes it Kivy's default font.

Kivy ships no CJK font and has no fallback, so without this every Chinese character is an empty
box. The font must cover rare characters (U+3447) and surnames (U+66FE, U+5355): Noto Sans CJK does.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

logger = logging.getLogger(__name__)

FC_PATTERN = "sans-serif:lang=zh-cn"
KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def find_cjk_font(style: str = "") -> Path | None:
    """Path of the font fontconfig picks for simplified Chinese (``style`` e.g. ``"bold"``)."""
    pattern = FC_PATTERN + (f":{style}" if style else "")
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}|%{lang}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    path, _, langs = found.partition("|")
    # fc-match always answers something; only a font that covers zh-cn will do.
    if path and Path(path).exists() and "zh-cn" in langs.split("|"):
        return Path(path)
    for candidate in KNOWN_PATHS:
        if Path(candidate).exists():
            return Path(candidate)
    return None


def register_cjk_default_font() -> Path | None:
    """Register the CJK font under Kivy's default name so every Label uses it."""
    from kivy.core.text import DEFAULT_FONT, LabelBase

    regular = find_cjk_font()
    if regular is None:
        logger.error("no CJK font found (install fonts-noto-cjk): Chinese will not render")
        return None
    bold = find_cjk_font("bold") or regular
    LabelBase.register(DEFAULT_FONT, str(regular), fn_bold=str(bold))
    logger.info("CJK font %s registered as default", regular)
    return regular
