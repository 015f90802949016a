"""Turn a guide's text into what should be read aloud: words, not markup.

Headings marks, list numbering (``1.``, ``（一）``, ``一、``, ``①``), bullets, emphasis marks,
link targets, footnote references and HTML tags are dropped; bracket characters such as 【】《》
go but the words inside stay. Headings and list items that end without punctuation get a full
stop, so the voice pauses after them.
"""

from __future__ import annotations

import html
import re

_CN_NUMERALS = "一二三四五六七八九十百零〇"
_HTML_TAG_RE = re.compile(r"<[^>\n]{1,200}>")
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_FOOTNOTE_RE = re.compile(r"\[\d{1,3}\]|\[\^[^\]\n]*\]")
_LINE_MARKER_RE = re.compile(
    r"^\s*(?:#{1,6}\s*|>\s*|[-*+•·▪●○◆■]\s+|\d{1,3}\s*[.．、)）]\s*|[（(]\s*(?:\d{1,3}|["
    + _CN_NUMERALS
    + r"]{1,3})\s*[)）]\s*|["
    + _CN_NUMERALS
    + r"]{1,3}\s*[、.．]\s*|[①-⑳⑴-⒇❶-❿]\s*)+"
)
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{2,3}|~~|`+)")
_BRACKETS_RE = re.compile(r"[【】《》〈〉「」『』〔〕\[\]{}<>]")
_SPACES_RE = re.compile(r"[ \t\u3000\xa0]+")
_ENDS_WITH_PUNCTUATION = tuple("。！？；：，、.!?;:,…")


def _line(line: str) -> str:
    line = _LINE_MARKER_RE.sub("", line)
    line = _EMPHASIS_RE.sub("", line)
    line = _BRACKETS_RE.sub(" ", line)
    return _SPACES_RE.sub(" ", line).strip()


def speakable_text(text: str) -> str:
    """``text`` without markup, one paragraph per line, each ending in punctuation."""
    text = html.unescape(_HTML_TAG_RE.sub(" ", text or ""))
    text = _MD_LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub(" ", text)
    text = _FOOTNOTE_RE.sub("", text)
    lines = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = _line(raw)
        if not line or not any(ch.isalnum() for ch in line):
            continue
        if not line.endswith(_ENDS_WITH_PUNCTUATION):
            line += "。" if any("\u4e00" <= ch <= "\u9fff" for ch in line) else "."
        lines.append(line)
    return "\n".join(lines)


_SENTENCE_END_RE = re.compile(r"(?<=[。！？；.!?;\n])")
_CLAUSE_END_RE = re.compile(r"(?<=[，、,：:])")
CHUNK_CHARS = 120


def _pieces(text: str, pattern: re.Pattern, limit: int) -> list[str]:
    pieces = []
    for piece in pattern.split(text):
        while len(piece) > limit:
            pieces.append(piece[:limit])
            piece = piece[limit:]
        if piece.strip():
            pieces.append(piece)
    return pieces


def utterance_chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut after sentences where possible.

    Speaking a long guide piece by piece lets the first words sound within a moment instead of
    after the whole text is synthesised.
    """
    chunks: list[str] = []
    current = ""
    for sentence in _pieces(text, _SENTENCE_END_RE, 10 * limit):
        parts = [sentence] if len(sentence) <= limit else _pieces(sentence, _CLAUSE_END_RE, limit)
        for part in parts:
            if current and len(current) + len(part) > limit:
                chunks.append(current.strip())
                current = ""
            current += part
    if current.strip():
        chunks.append(current.strip())
    return chunks
