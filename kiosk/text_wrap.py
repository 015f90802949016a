"""Line breaking for Chinese text mixed with Latin words, for any way of measuring text.

Used by the tickets (Pillow fonts) and by the kiosk's reader labels (Kivy fonts), so every place
that wraps text follows the same rules:

* Chinese breaks between any two characters; Latin words, numbers and links stay whole unless
  one alone is wider than the line (then it is cut by character);
* closing punctuation (，。、；：？！）》」』】… and their ASCII forms) never starts a line: the
  character before it moves down with it;
* opening punctuation (（《「『【“‘) never ends a line: it moves down to the word it opens.

``measure(text) -> width`` is whatever the caller draws with; nothing here knows a font.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], float]

_TOKEN_RE = re.compile(r"[A-Za-z0-9@._:/+\-#%&=?~]+|\s+|.", re.DOTALL)
NO_LINE_START = frozenset("，。、；：？！）》」』】〉〕﹞…‥·,.;:?!)]}%’”–—～")
NO_LINE_END = frozenset("（《「『【〈〔﹝([{“‘")


def _split_long(token: str, measure: Measure, width: float) -> list[str]:
    pieces, current = [], ""
    for char in token:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + ([current] if current else [])


def wrap_paragraph(paragraph: str, measure: Measure, width: float) -> list[str]:
    """One paragraph (no line breaks in it) as lines no wider than ``width``."""
    lines: list[str] = []
    current = ""
    for token in _TOKEN_RE.findall(paragraph):
        candidate = current + token
        if measure(candidate.rstrip()) <= width:
            current = candidate
            continue
        kept, moved = current.rstrip(), ""
        if token in NO_LINE_START:
            while len(kept) > 1 and kept[-1] in NO_LINE_START:
                kept, moved = kept[:-1], kept[-1] + moved  # a run of closing marks stays together
            if len(kept) > 1:
                kept, moved = kept[:-1], kept[-1] + moved  # with the character they close
        while len(kept) > 1 and kept[-1] in NO_LINE_END:
            kept, moved = kept[:-1], kept[-1] + moved  # an opening mark goes to what it opens
        if kept.strip():
            lines.append(kept.rstrip())
        current = moved + ("" if token.isspace() else token)
        if measure(current) > width:
            *full, current = _split_long(current, measure, width)
            lines.extend(full)
    if current.strip():
        lines.append(current.rstrip())
    return lines


def wrap_text(text: str, measure: Measure, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (its own line breaks kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap_paragraph(paragraph, measure, width) or [""])
    return lines
