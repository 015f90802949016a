"""Where a booked consultation happens: at this terminal, named as its config names it."""

from __future__ import annotations


def terminal_site(terminal) -> str:
    """``terminal.place`` and, when set, ``terminal.address`` (the config's ``[terminal]``)."""
    return " ".join(part for part in (terminal.place.strip(), terminal.address.strip()) if part)
