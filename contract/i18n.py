"""Translation catalogs: ``assets/locale/<language>/<domain>.json``, flat ``key -> text`` maps.

The catalogs are package data of :mod:`assets`, read through :mod:`importlib.resources`, so a
wheel install finds them as a checkout does (nothing is read relative to the repository).

zh_CN is the first language and the fallback; every key must exist in every language (a test
checks it). Each part of the product keeps its own domain file (``core``, ``screens``,
``tickets``, ``doctor``, ``hub`` …) so they can grow independently.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")


def locale_dir() -> Traversable:
    """The folder of the catalogs, ``assets/locale`` as installed."""
    return resources.files("assets") / "locale"


@lru_cache(maxsize=8)
def load_catalog(language: str, folder: Any = None) -> dict[str, str]:
    """All keys of one language, merged from its domain files (read once, then cached).

    :param folder: the locale folder, a :class:`Traversable` or :class:`~pathlib.Path` (default
        :func:`locale_dir`); tests pass their own. It is part of the cache key, so hashable.
    """
    catalog: dict[str, str] = {}
    language_dir = (folder or locale_dir()) / language
    files = sorted(
        (entry for entry in language_dir.iterdir() if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )
    for path in files:
        with path.open(encoding="utf-8") as handle:
            entries = json.load(handle)
        for key, text in entries.items():
            if key in catalog:
                raise ValueError(f"{path}: key {key!r} is defined twice in {language}")
            catalog[key] = text
    return catalog


class Translator:
    """Looks up user-facing text by key in one language, falling back to zh_CN, then the key."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, folder: Any = None) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.language = language
        self._catalog = load_catalog(language, folder)
        self._fallback = load_catalog(DEFAULT_LANGUAGE, folder)

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalog.get(key)
        if text is None:
            text = self._fallback.get(key)
            if text is None:
                logger.warning("missing translation key %s", key)
                return key
        if values:
            try:
                return text.format(**values)
            except (KeyError, IndexError, ValueError):
                logger.warning("bad placeholders for key %s", key)
                return text
        return text

    def has(self, key: str) -> bool:
        return key in self._catalog or key in self._fallback
