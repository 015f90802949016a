"""A content update in signed pages: fetch, verify and keep each page, apply all at the end.

A hub answers ``GET /content?paged=true`` with one page of the change set (about
``HUB_CONTENT_PAGE_BYTES``); the page's signed body says which change set (``since``,
``version``) and which part (``page.after``, ``page.next``) it is. For each page:

1. :func:`~kiosk.hublink.plan.plan` verifies the signature before parsing, refuses rollbacks
   and validates every record, as for a whole answer;
2. its place is checked: the same ``since`` and ``version`` as the first page and ``after``
   equal to the cursor asked for — a signed page replayed from elsewhere is refused;
3. its media are fetched and checked by hash;
4. unless it is the last, it is kept in ``content.db`` (:mod:`kiosk.store.staging`) in its own
   small transaction, and the next page is asked after its ``next`` cursor.

With the last page in, every kept page is verified again and the whole update is written in ONE
transaction that also empties the kept pages (:meth:`ContentStore.apply_pages`): the resident
sees the old content until then, never a half-applied one. A kill or a lost network between
pages leaves the kept pages; the next sync resumes after the last one
(:meth:`~kiosk.store.staging.StagedPages.resume_point`), not from zero. A change set that fits
one page is applied directly, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.errors import ContentRejected
from kiosk.hublink.client import ContentAnswer
from kiosk.hublink.plan import SyncPlan, plan, rejected
from kiosk.store.staging import ResumePoint

logger = logging.getLogger(__name__)

__all__ = ["PagedOutcome", "complete_paged_update", "first_request"]


@dataclass(frozen=True)
class PagedOutcome:
    """The applied update: its last page's plan and answer (for the signed statement) and summary."""

    last: SyncPlan
    answer: ContentAnswer
    summary: dict
    pages_fetched: int


def first_request(client, held: int, resume: ResumePoint | None, *, etag: str | None):
    """The first ``GET /content`` of a sync: resume a paged update, or ask for its first page."""
    if resume is not None:
        logger.info(
            "resuming content update %s -> %s after %s page(s)",
            resume.since,
            resume.version,
            resume.pages,
        )
        return client.content(held, paged=True, version=resume.version, after=resume.next)
    return client.content(held, etag=etag, paged=True)


def _check_place(checked: SyncPlan, *, since: int, version: int, after: str | None) -> None:
    page = checked.page
    if page is None or checked.since != since or checked.version != version or page.after != after:
        raise rejected(
            "page_mismatch",
            f"asked for the page of {since}->{version} after {after!r}, got "
            f"{checked.since}->{checked.version} after {page.after if page else None!r}",
        )


def complete_paged_update(
    syncer, *, key, held: int, first: SyncPlan, answer: ContentAnswer, resume: ResumePoint | None
) -> PagedOutcome:
    """Fetch the remaining pages after ``first`` (the answer to :func:`first_request`) and apply.

    :param syncer: the :class:`~kiosk.hublink.sync.Syncer` (its client, store, state and media).
    :raises ContentRejected: a page is bad (nothing of it is kept or shown).
    """
    staging = syncer.store.staging
    since = resume.since if resume else first.since
    version = resume.version if resume else first.version
    expected_after = resume.next if resume else None
    checked, fetched = first, 1

    def check(answer: ContentAnswer) -> SyncPlan:
        if answer.status != 200:
            raise rejected("page_mismatch", f"a page was answered with HTTP {answer.status}")
        return plan(
            answer.body,
            answer.signature,
            public_key=key,
            held_version=held,
            highest_version=syncer.state.highest_version,
            have_media=lambda sha: syncer.store.media_path(sha) is not None,
        )

    while True:
        _check_place(checked, since=since, version=version, after=expected_after)
        for record in checked.media:
            syncer._fetch_media(record)
        assert checked.page is not None  # _check_place refused an unpaged answer
        if checked.page.last:
            break
        staging.add(
            since=since,
            version=version,
            after=expected_after,
            next_cursor=checked.page.next,
            body=answer.body,
            signature=answer.signature or "",
        )
        expected_after = checked.page.next
        answer = syncer.client.content(held, paged=True, version=version, after=expected_after)
        checked, fetched = check(answer), fetched + 1
        logger.info("content page %s of %s -> %s fetched", fetched, since, version)

    if staging.count() == 0:
        summary = syncer.store.apply(checked.changes, version=version)
        return PagedOutcome(checked, answer, summary, fetched)

    def pages() -> Iterator[dict]:
        for body, signature in staging.pages():  # verified again: the file may have been changed
            yield check(ContentAnswer(200, body, signature, None)).changes
        yield checked.changes

    try:
        summary = syncer.store.apply_pages(pages(), version=version)
    except ContentRejected:
        staging.clear()  # kept pages that cannot be applied would block every later sync
        raise
    return PagedOutcome(checked, answer, summary, fetched)
