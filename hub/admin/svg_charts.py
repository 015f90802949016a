"""Charts drawn on the server as inline SVG (no JavaScript, no CDN): horizontal bars and a line.

Both return :class:`markupsafe.Markup`; every label is escaped. Sizes are in SVG user units (px).
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_COLOR = "#1d4e89"
LINE_COLOR = "#2f7d32"
LABEL_CHARS = 18


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _nice_max(value: float) -> float:
    """A round axis maximum ≥ value (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if value <= step * factor:
            return step * factor
    return step * 10


def bar_chart(
    items: list[tuple[str, float]], *, title: str, width: int = 560, bar_h: int = 22
) -> Markup:
    """Horizontal bars, one per (label, value), largest first as given."""
    label_w, pad, top = 170, 8, 26
    height = top + max(1, len(items)) * (bar_h + 6) + pad
    peak = _nice_max(max((v for _, v in items), default=0))
    span = width - label_w - 60
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" style="font-size:13px;font-weight:600">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_h + 6)
        w = 0 if peak == 0 else max(1.0, span * value / peak) if value else 0
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR_COLOR}" rx="2"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 5:.1f}" y="{y + bar_h * 0.7:.1f}">{_number(value)}</text>'
        )
    if not items:
        parts.append(f'<text x="{label_w}" y="{top + 15}">—</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    points: list[tuple[str, float]], *, title: str, width: int = 560, height: int = 220
) -> Markup:
    """One series over evenly spaced x labels (e.g. days); every ~7th label is written."""
    left, right, top, bottom = 40, 12, 28, 30
    inner_w, inner_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _, v in points), default=0))
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="16" style="font-size:13px;font-weight:600">{escape(title)}</text>',
    ]
    for fraction in (0, 0.5, 1):
        y = top + inner_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d9e2ec"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{_number(peak * fraction)}</text>'
        )
    count = len(points)
    coords = []
    for index, (label, value) in enumerate(points):
        x = left + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)
        y = top + inner_h * (1 - value / peak)
        coords.append(f"{x:.1f},{y:.1f}")
        step = max(1, count // 7)
        if index % step == 0 or (index == count - 1 and index % step > step // 2):
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{escape(label)}</text>'
            )
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{LINE_COLOR}">'
            f"<title>{escape(label)}: {_number(value)}</title></circle>"
        )
    if coords:
        parts.append(
            f'<polyline points="{" ".join(coords)}" fill="none" stroke="{LINE_COLOR}" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
