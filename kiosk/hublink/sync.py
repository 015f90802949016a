"""Content sync: fetch the hub's signed changes, check them, fetch media, apply in one transaction.

:class:`Syncer` is the effectful half around the pure :func:`kiosk.hublink.plan.plan`:

1. a conditional ``GET /content?since=<held>`` (``If-None-Match``; a ``304`` costs ~nothing),
   read as raw bytes within ``hub.max_body_bytes``;
2. :func:`~kiosk.hublink.plan.plan` verifies the signature with the pinned key before parsing,
   refuses rollbacks and validates every record;
3. new media fetched by hash, its sha256 and size checked, saved under its hash (a file nobody
   references yet is harmless if we stop here);
4. :meth:`ContentStore.apply` commits records, search index, vocabulary and version in ONE
   transaction, so readers (the UI thread has its own connection) see the old content or the
   new, never a mix; then ``on_content_changed(version)`` lets the UI refresh without a restart.

A change set larger than one page (``paged=true``; :mod:`kiosk.hublink.paged_sync`) comes as
signed pages: each is checked as above, kept in ``content.db`` until the last is in, and then
applied in one transaction; a sync killed between pages resumes after the last page kept.

Anything wrong changes nothing; a ``sync_rejected`` event with the reason is queued and the next
poll tries again. Progress lives in ``<data>/sync_state.json`` (written atomically): the highest
version ever accepted (the rollback floor, kept even if ``content.db`` is rebuilt), the ETag and
when the hub last confirmed the content (for the stale flag).

Only a signed, unexpired statement of the current version (:mod:`contract.freshness`, on every
200 and 304) confirms the content: an unsigned or replayed 304 proves nothing (TUF's freeze
attack). With no fresh statement for ``fresh_max_age_s`` the content is flagged stale — on the
screen, in the doctor, in the heartbeat and so in the admin's fleet view.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from kiosk.atomic_file import write_atomic
from kiosk.errors import ContentRejected, HubRefused, HubUnavailable
from kiosk.hublink.client import ContentAnswer, HubClient
from kiosk.hublink.key_pins import KeyPins
from kiosk.hublink.paged_sync import complete_paged_update, first_request
from kiosk.hublink.plan import check_statement, plan, rejected
from kiosk.outbox import PRIORITY_HIGH, Outbox

logger = logging.getLogger(__name__)

STATE_FILE = "sync_state.json"
DAY_S = 86_400.0

UPDATED, UNCHANGED, REJECTED, UNAVAILABLE = "updated", "unchanged", "rejected", "unavailable"
# A resumed page refused with one of these: the change set is gone (or the cursor unknown).
RESTART_STATUSES = (404, 409, 410, 422)


@dataclass
class SyncState:
    """What sync remembers between runs."""

    highest_version: int = 0
    etag: str | None = None
    etag_version: int | None = None
    last_checked_at: float | None = None  # the hub last confirmed our content (a fresh statement)
    statement_issued_at: float | None = None  # the newest statement accepted (hub's clock)
    last_applied_at: float | None = None
    last_error: str | None = None

    @classmethod
    def load(cls, path: Path) -> SyncState:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            logger.warning("%s unreadable; starting from the content store's version", path)
            return cls()
        known = {k: v for k, v in raw.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps(asdict(self), indent=1).encode())


@dataclass(frozen=True)
class SyncResult:
    status: str  # updated | unchanged | rejected | unavailable
    version: int
    reason: str | None = None
    detail: str | None = None
    summary: dict | None = None


class Syncer:
    """One terminal's content sync.

    :param store: the :class:`~kiosk.store.ContentStore` (its own connection per thread).
    :param client: a :class:`HubClient` carrying the terminal's token.
    :param public_key: the pinned hub key (base64 or PEM).
    :param pins: the pins to follow a key rotation with (default: ``public_key`` alone, kept
        nowhere; the app passes pins that it stores in ``enrollment.json``).
    :param data_dir: where ``sync_state.json`` lives.
    :param outbox: where ``sync_rejected`` events go (optional).
    :param max_age_days: content not confirmed by the hub for longer is flagged stale.
    :param fresh_max_age_s: no fresh signed statement for longer (seconds) is flagged stale too.
    :param on_content_changed: called with the new version after an update was committed.
    """

    def __init__(
        self,
        *,
        store,
        client: HubClient,
        public_key: str,
        data_dir: Path,
        outbox: Outbox | None = None,
        max_age_days: float = 30.0,
        fresh_max_age_s: float = 72 * 3600.0,
        clock: Callable[[], float] = time.time,
        on_content_changed: Callable[[int], None] | None = None,
        pins: KeyPins | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.public_key = public_key
        self.pins = pins
        self.state_path = Path(data_dir) / STATE_FILE
        self.outbox = outbox
        self.max_age_days = max_age_days
        self.fresh_max_age_s = fresh_max_age_s
        self.clock = clock
        self.on_content_changed = on_content_changed
        self.state = SyncState.load(self.state_path)

    def sync_once(self) -> SyncResult:
        """Poll the hub once and apply what it sends, or refuse it and change nothing."""
        held = self.store.content_version()
        staging = getattr(self.store, "staging", None)  # None: a store that cannot keep pages
        resume = None
        try:
            key = self.key_pins()
            etag = self.state.etag if self.state.etag_version == held else None
            if staging is None:
                answer = self.client.content(held, etag=etag)
            else:
                resume = staging.resume_point(held)
                answer = first_request(self.client, held, resume, etag=etag)
            key.take_link(answer.key_link, answer.key_link_signature)
            if answer.status == 304 and resume is None:
                self._check_fresh(answer, key, held)
                return self._confirmed(held, answer.etag)
            checked = plan(
                answer.body,
                answer.signature,
                public_key=key,
                held_version=held,
                highest_version=self.state.highest_version,
                have_media=lambda sha: self.store.media_path(sha) is not None,
            )
            if checked.version == held and resume is None:
                self._check_fresh(answer, key, held)
                return self._confirmed(held, answer.etag)
            if checked.page is not None or resume is not None:
                paged = complete_paged_update(
                    self, key=key, held=held, first=checked, answer=answer, resume=resume
                )
                checked, answer, summary = paged.last, paged.answer, paged.summary
            else:
                for record in checked.media:
                    self._fetch_media(record)
                summary = self.store.apply(checked.changes, version=checked.version)
        except HubUnavailable as exc:
            return self._unavailable(held, exc.detail)
        except HubRefused as exc:
            if staging is not None and resume is not None and exc.status in RESTART_STATUSES:
                staging.clear()  # the hub no longer serves that change set: start again
            return self._unavailable(held, f"{exc.status}: {exc.detail}")
        except ContentRejected as exc:
            return self._rejected(held, exc.reason or "store_refused", exc.detail)
        self.state.highest_version = max(self.state.highest_version, checked.version)
        self.state.last_applied_at = self.clock()
        self._note_in_store("content_updated_at", self.state.last_applied_at)
        try:  # the update is signed and newer, so it is kept; only a statement confirms it
            self._check_fresh(answer, key, checked.version)
        except ContentRejected as exc:
            self.state.save(self.state_path)
            if checked.page is not None and exc.reason == "timestamp_version":
                # published while the pages came: the next poll fetches the rest
                logger.info(
                    "content %s applied; the hub has newer content already", checked.version
                )
            else:
                self._rejected(checked.version, exc.reason or "timestamp_invalid", exc.detail)
        else:
            self._confirmed(checked.version, answer.etag, save=False)
            self.state.save(self.state_path)
        logger.info("content updated %s -> %s", held, checked.version)
        if self.on_content_changed is not None:
            self.on_content_changed(checked.version)
        return SyncResult(UPDATED, checked.version, summary=summary)

    def key_pins(self) -> KeyPins:
        """The pins signatures are checked with (``no_key`` when none can be read)."""
        if self.pins is None:
            self.pins = KeyPins(self.public_key)
        return self.pins

    def _check_fresh(self, answer: ContentAnswer, key, version: int) -> None:
        """Accept the answer's signed statement of ``version`` or raise ContentRejected."""
        statement = check_statement(
            answer.timestamp,
            answer.timestamp_signature,
            key,
            version=version,
            now=self.clock(),
            newest_issued_at=self.state.statement_issued_at,
        )
        self.state.statement_issued_at = statement.issued_at

    def _fetch_media(self, record: dict) -> None:
        sha256, size = record["id"], record["size"]
        data = self.client.media(sha256, max_bytes=size)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha256:
            raise rejected("media_hash", f"media {sha256[:12]}… does not match its hash or size")
        self.store.save_media(sha256, data)

    def _confirmed(self, version: int, etag: str | None, *, save: bool = True) -> SyncResult:
        self.state.last_checked_at = self.clock()
        self._note_in_store("last_sync_at", self.state.last_checked_at)
        self.state.last_error = None
        self.state.highest_version = max(self.state.highest_version, version)
        if etag:
            self.state.etag, self.state.etag_version = etag, version
        if save:
            self.state.save(self.state_path)
        return SyncResult(UNCHANGED, version)

    def _note_in_store(self, key: str, timestamp: float) -> None:
        """Times the maintenance screen shows, kept in the store's meta (local time, seconds)."""
        setter = getattr(self.store, "set_meta", None)
        if setter is not None:
            setter(
                key, datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")
            )

    def _unavailable(self, held: int, detail: str) -> SyncResult:
        logger.info("sync: hub unavailable (%s)", detail)
        return SyncResult(UNAVAILABLE, held, detail=detail)

    def _rejected(self, held: int, reason: str, detail: str) -> SyncResult:
        logger.warning("sync: update refused (%s): %s", reason, detail)
        self.state.last_error = f"{reason}: {detail}"[:300]
        self.state.save(self.state_path)
        if self.outbox is not None:
            self.outbox.event(
                "sync_rejected",
                {"reason": reason, "held_version": held, "detail": detail[:200]},
                priority=PRIORITY_HIGH,
            )
        return SyncResult(REJECTED, held, reason=reason, detail=detail)

    def stale(self, now: float | None = None) -> bool:
        """True when no fresh signed statement confirmed the content for longer than
        ``fresh_max_age_s`` (or ``max_age_days``, whichever is shorter)."""
        checked = self.state.last_checked_at
        now = self.clock() if now is None else now
        limit = min(self.max_age_days * DAY_S, self.fresh_max_age_s)
        return checked is None or now - checked > limit

    def status(self) -> dict:
        """For the maintenance screen, heartbeats and ``legal-kiosk sync --json``."""
        return {
            "content_version": self.store.content_version(),
            "highest_version": self.state.highest_version,
            "last_checked_at": self.state.last_checked_at,
            "last_applied_at": self.state.last_applied_at,
            "stale": self.stale(),
            "last_error": self.state.last_error,
        }
