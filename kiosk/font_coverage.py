"""Which characters a font can draw, so text never shows an empty box for one it cannot.

Kivy and Pillow draw every character with one font and have no fallback: an emoji, a zero-width
joiner or a bidi mark the CJK font lacks is drawn as a box (its ``.notdef`` glyph). Content comes
from staff and may hold any of these, so the screens and tickets leave such characters out
(:meth:`Coverage.visible`). The font's character set comes from fontconfig (``fc-query``), the
tool that found the font; without it nothing is filtered.
"""

from __future__ import annotations

import bisect
import logging
import subprocess
from collections.abc import Iterable
from pathlib import Path

logger = logging.getLogger(__name__)

FC_QUERY_TIMEOUT_S = 10.0
ALWAYS_SHOWN = frozenset("\n\t ")  # layout characters: never drawn, always kept


class Coverage:
    """A set of code points held as sorted, non-overlapping ranges (inclusive)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [start for start, _end in merged]
        self._ends = [end for _start, end in merged]
        self._cache: dict[str, bool] = {}

    def __len__(self) -> int:
        return sum(end - start + 1 for start, end in zip(self._starts, self._ends, strict=True))

    def covers(self, char: str) -> bool:
        known = self._cache.get(char)
        if known is None:
            point = ord(char)
            at = bisect.bisect_right(self._starts, point) - 1
            known = char in ALWAYS_SHOWN or (at >= 0 and point <= self._ends[at])
            if len(self._cache) < 100_000:
                self._cache[char] = known
        return known

    def visible(self, text: str) -> str:
        """``text`` without the characters the font cannot draw (the same object when all can)."""
        if text.isascii() and all(" " <= c <= "~" or c in ALWAYS_SHOWN for c in text):
            return text
        if all(self.covers(c) for c in text):
            return text
        return "".join(c for c in text if self.covers(c))


def parse_charset(text: str) -> Coverage:
    """fontconfig's ``%{charset}`` (``"20-7e a0-103 4e00-9fff"``, hex) as a :class:`Coverage`.

    :raises ValueError: a part that is not a hex number or range.
    """
    ranges = []
    for part in text.split():
        low, _, high = part.partition("-")
        start = int(low, 16)
        end = int(high, 16) if high else start
        if end < start:
            raise ValueError(f"bad range {part!r}")
        ranges.append((start, end))
    return Coverage(ranges)


def font_coverage(path: str | Path, index: int = 0) -> Coverage | None:
    """The characters of face ``index`` of the font at ``path``; None when fontconfig cannot say."""
    try:
        result = subprocess.run(
            ["fc-query", "-i", str(index), "-f", "%{charset}\n", str(path)],
            capture_output=True,
            text=True,
            timeout=FC_QUERY_TIMEOUT_S,
            check=True,
        )
        coverage = parse_charset(result.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        logger.warning("cannot read the character set of %s: %s", path, exc)
        return None
    return coverage if len(coverage) else None
