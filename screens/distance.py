"""How a distance reads: metres below one kilometre, kilometres with one decimal above."""

from __future__ import annotations


def format_distance(metres: float, tr) -> str:
    if metres < 1000:
        return tr("nearby.metres", value=int(round(metres / 10.0) * 10))
    return tr("nearby.kilometres", value=f"{metres / 1000:.1f}")
