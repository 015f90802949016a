"""Command discovery shared by ``legal-kiosk`` and ``legal-hub``: one module per command.

A command module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, ...)``.
"""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points
from types import ModuleType


def discover_commands(package: ModuleType) -> dict[str, ModuleType]:
    """The command modules of ``package`` (each defines ``NAME``) by command name, in name order.

    A module whose name starts with ``_`` is a helper, not a command.
    """
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found[module.NAME] = module
    return dict(sorted(found.items()))


def registered_commands(group: str) -> dict[str, ModuleType]:
    """Command modules other packages register under the entry-point ``group``, by name.

    This is how the terminal's UI commands (``run``, ``screenshot``) reach ``legal-kiosk`` without
    the terminal core importing the UI: ``screens`` declares them in ``pyproject.toml``.
    """
    found = {}
    for point in entry_points(group=group):
        module = point.load()
        found[module.NAME] = module
    return dict(sorted(found.items()))
