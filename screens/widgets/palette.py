"""Colour palettes (normal and high contrast) and the WCAG contrast ratio. No Kivy import.

Every foreground/background pair the screens use is listed in :data:`PAIRS`; a test checks each
pair reaches 4.5:1 in the normal palette and 7:1 in the high-contrast one.
"""

from __future__ import annotations

NORMAL = {
    "bg": "#EEF2F6",
    "surface": "#FFFFFF",
    "text": "#16191D",
    "muted": "#454C55",
    "primary": "#0B57A4",
    "on_primary": "#FFFFFF",
    "accent": "#A61B1B",
    "on_accent": "#FFFFFF",
    "chip": "#DCE7F4",
    "on_chip": "#0A3966",
    "line": "#7A8694",
    "ok": "#1D6631",
}

HIGH_CONTRAST = {
    "bg": "#000000",
    "surface": "#111111",
    "text": "#FFFFFF",
    "muted": "#F0F0F0",
    "primary": "#FFD400",
    "on_primary": "#000000",
    "accent": "#FFFFFF",
    "on_accent": "#000000",
    "chip": "#003A70",
    "on_chip": "#FFFFFF",
    "line": "#FFFFFF",
    "ok": "#7CFF9B",
}

PAIRS = (
    ("text", "bg"),
    ("text", "surface"),
    ("muted", "surface"),
    ("muted", "bg"),
    ("on_primary", "primary"),
    ("on_accent", "accent"),
    ("on_chip", "chip"),
    ("ok", "surface"),
    ("primary", "surface"),
)


def markup_hex(colour: list[float]) -> str:
    """Kivy's ``[r, g, b, a]`` → ``rrggbb`` for a ``[color=…]`` markup tag."""
    return "".join(f"{int(c * 255):02x}" for c in colour[:3])


def rgba(hex_colour: str, alpha: float = 1.0) -> list[float]:
    """``#RRGGBB`` → Kivy's ``[r, g, b, a]`` with 0..1 floats."""
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)] + [alpha]


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgba(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two ``#RRGGBB`` colours (1.0 … 21.0)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
