"""How a distance reads: metres below one kilometre, kilometres with one decimal above."""

from __future__ import annotations


def format_distance(metres: float, tr) -> str:
    if metres < 1000:
        return tr("nearby.metres", value=int(round(metres / 10.0) * 10))
    return tr("nearby.kilometres", value=f"{metres / 1000:.1f}")


def ring_label(metres: int, tr) -> str:
    """A distance ring's label: whole kilometres ("1 公里", "3 km"), or metres below one."""
    if metres < 1000:
        return tr("nearby.metres", value=int(metres))
    km = metres / 1000
    return tr("nearby.kilometres", value=f"{km:.0f}" if km == int(km) else f"{km:.1f}")
