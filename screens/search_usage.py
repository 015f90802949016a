"""The ``search`` usage event, with the category of the first result shown.

The hub counts each category's most-asked questions from these events (``hub/crud/highlights.py``),
so a search that found a good answer carries ``category``: the category id of its first good
result (a plain id, nothing personal); ``results`` counts the good answers only (related ones go
in ``related``), so the hub's zero-result list shows what residents did not find. It is looked up on the worker; the event is recorded when it is known.
"""

from __future__ import annotations


def record_search(screen, query: str, rows: list[dict], **props: object) -> None:
    """Record ``search`` with ``query``, ``results`` (the good ``rows``) and ``props``; ``category``
    only when a good answer was found."""
    if not rows:
        screen.record("search", query=query, results=0, **props)
        return

    def done(category_id: str | None) -> None:
        extra = {"category": category_id} if category_id else {}
        screen.record("search", query=query, results=len(rows), **props, **extra)

    screen.run(
        screen.services.store.category_of_article,
        rows[0]["id"],
        on_done=done,
        on_error=lambda _error: done(None),  # the count still matters without the category
    )
