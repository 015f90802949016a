"""Where things go on the nearby map, in screen pixels: marker clusters and ring labels.

Pure geometry (no Kivy) so it is tested headless; :mod:`screens.widgets.offline_map` only draws
what these functions answer.

- :func:`cluster_points` groups markers whose finger-sized touch targets would overlap into one
  cluster at their mean position, so every target on the map is a whole, separate square.
- :func:`place_ring_labels` puts each distance ring's label on its ring where no marker, no other
  label and nothing else reserved (the "you are here" label) lies, inside the map.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

# Angles tried for a ring label, in degrees anticlockwise from east: top first (the eye looks
# there first), then the diagonals, then every 15 degrees.
LABEL_ANGLES_DEG = (90, 45, 135, 270, 315, 225, 0, 180) + tuple(
    a for a in range(0, 360, 15) if a % 45
)


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: ``x``, ``y`` of the lower-left corner, ``w``, ``h``; pixels."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def overlap(self, other: Rect) -> float:
        """The area both rectangles cover (0 when they only touch)."""
        width = min(self.right, other.right) - max(self.x, other.x)
        height = min(self.top, other.top) - max(self.y, other.y)
        return width * height if width > 0 and height > 0 else 0.0

    def inside(self, other: Rect) -> bool:
        return (
            self.x >= other.x
            and self.y >= other.y
            and self.right <= other.right
            and self.top <= other.top
        )

    @classmethod
    def centred(cls, x: float, y: float, w: float, h: float) -> Rect:
        return cls(x - w / 2, y - h / 2, w, h)


@dataclass(frozen=True)
class Cluster:
    """One thing to draw: ``keys`` of the places it stands for, at (``x``, ``y``)."""

    x: float
    y: float
    keys: tuple[Hashable, ...]

    @property
    def single(self) -> bool:
        return len(self.keys) == 1

    def target(self, target_px: float) -> Rect:
        return Rect.centred(self.x, self.y, target_px, target_px)


def _squares_overlap(a: Cluster, b: Cluster, target_px: float) -> bool:
    return abs(a.x - b.x) < target_px and abs(a.y - b.y) < target_px


def _merge(a: Cluster, b: Cluster) -> Cluster:
    n, m = len(a.keys), len(b.keys)
    return Cluster((a.x * n + b.x * m) / (n + m), (a.y * n + b.y * m) / (n + m), a.keys + b.keys)


NUDGE_STEP_PX = 4.0
MAX_ROUNDS = 20


def cluster_points(
    points: Sequence[tuple[Hashable, float, float]],
    *,
    target_px: float,
    keep_clear: Sequence[Rect] = (),
) -> list[Cluster]:
    """Group ``(key, x, y)`` points so that no two touch-target squares of side ``target_px``
    overlap; a group sits at the mean of its points and keeps their order (nearest first when
    the points come nearest first). The closest pair is merged first, until none overlaps.

    A marker whose target would cover one of ``keep_clear`` (the terminal's own dot and label)
    is pushed straight away from it until it does not, and merging starts again."""
    clusters = [Cluster(x, y, (key,)) for key, x, y in points]
    for _round in range(MAX_ROUNDS):
        clusters = _merge_overlapping(clusters, target_px)
        pushed = [_push_clear(c, target_px, keep_clear) for c in clusters]
        if pushed == clusters:
            break
        clusters = pushed
    return clusters


def _push_clear(cluster: Cluster, target_px: float, keep_clear: Sequence[Rect]) -> Cluster:
    for area in keep_clear:
        cx, cy = area.x + area.w / 2, area.y + area.h / 2
        dx, dy = cluster.x - cx, cluster.y - cy
        length = math.hypot(dx, dy)
        dx, dy = (dx / length, dy / length) if length else (0.0, 1.0)
        x, y = cluster.x, cluster.y
        while Rect.centred(x, y, target_px, target_px).overlap(area) > 0:
            x, y = x + dx * NUDGE_STEP_PX, y + dy * NUDGE_STEP_PX
        cluster = Cluster(x, y, cluster.keys)
    return cluster


def _merge_overlapping(clusters: list[Cluster], target_px: float) -> list[Cluster]:
    clusters = list(clusters)
    while True:
        best: tuple[float, int, int] | None = None
        for i, a in enumerate(clusters):
            for j in range(i + 1, len(clusters)):
                b = clusters[j]
                if _squares_overlap(a, b, target_px):
                    gap = math.hypot(a.x - b.x, a.y - b.y)
                    if best is None or gap < best[0]:
                        best = (gap, i, j)
        if best is None:
            return clusters
        _, i, j = best
        merged = _merge(clusters[i], clusters[j])
        clusters[i] = merged
        del clusters[j]


@dataclass(frozen=True)
class LabelSpot:
    rect: Rect
    free: bool  # False: every spot on the ring was taken; this one is covered least


def place_ring_labels(
    *,
    centre: tuple[float, float],
    radii_px: Sequence[float],
    sizes: Sequence[tuple[float, float]],
    obstacles: Sequence[Rect],
    bounds: Rect,
    gap_px: float = 4.0,
) -> list[LabelSpot | None]:
    """A spot for each ring's label (``sizes[i]`` = its width, height) centred on ring ``i`` at
    the first angle of :data:`LABEL_ANGLES_DEG` where it stays in ``bounds`` and overlaps none
    of ``obstacles`` (grown by ``gap_px``) nor a label placed before; when the ring is full, just
    outside it, then just inside. None for a ring whose label
    cannot lie inside ``bounds`` at any angle (a ring larger than the map)."""
    taken = [
        Rect(o.x - gap_px, o.y - gap_px, o.w + 2 * gap_px, o.h + 2 * gap_px) for o in obstacles
    ]
    spots: list[LabelSpot | None] = []
    for radius, (w, h) in zip(radii_px, sizes, strict=True):
        best: tuple[float, Rect] | None = None
        # On the ring first; then just outside it, then just inside (still reads as its label).
        shifts = (0.0, max(w, h) * 0.6, -max(w, h) * 0.6)
        for shift, angle in ((s, a) for s in shifts for a in LABEL_ANGLES_DEG):
            if radius + shift <= 0:
                continue
            rad = math.radians(angle)
            rect = Rect.centred(
                centre[0] + (radius + shift) * math.cos(rad),
                centre[1] + (radius + shift) * math.sin(rad),
                w,
                h,
            )
            if not rect.inside(bounds):
                continue
            covered = sum(rect.overlap(o) for o in taken)
            if best is None or covered < best[0]:
                best = (covered, rect)
            if covered == 0:
                break
        if best is None:
            spots.append(None)
            continue
        covered, rect = best
        spots.append(LabelSpot(rect, free=covered == 0))
        taken.append(rect)
    return spots


# Outermost ring distances a map may use, in metres: round numbers a resident reads at a glance.
RING_STEPS_M = (100, 200, 300, 500, 1000, 2000, 3000, 5000, 10_000, 20_000, 50_000)


def ring_distances(radius_m: float) -> tuple[int, int, int]:
    """Three distance rings for a map showing places within ``radius_m``: the outermost is the
    largest round distance within it, the others a fifth and three fifths of that
    (5 km → 1, 3, 5 km; 1 km → 200, 600, 1000 m)."""
    outer = max([step for step in RING_STEPS_M if step <= radius_m] or [RING_STEPS_M[0]])
    return outer // 5, outer * 3 // 5, outer
