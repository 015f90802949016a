"""The background worker that keeps a terminal in touch with its hub.

One thread, started by the composition root (and by ``legal-kiosk sync --loop``): content sync
every ``hub.sync_interval_s`` with ±50 % jitter (so a fleet restarted together does not poll in
step), a heartbeat every ``HEARTBEAT_INTERVAL_S``, and outbox delivery whenever an item is due.
``online`` says whether the hub answered the last time it was asked; ``on_online_changed`` and
``on_content_changed`` are called from this thread (a UI wraps them with ``Clock.schedule_once``).

Remote commands (:mod:`kiosk.remote`) the hub answers a heartbeat with run on this thread right
after the delivery round; their results go with the next heartbeat, which is then due at once.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from kiosk.hublink.sync import UNAVAILABLE, Syncer, SyncResult
from kiosk.outbox import HEARTBEAT, PRIORITY_HIGH, Outbox
from kiosk.outbox.delivery import OutboxDelivery
from kiosk.remote import CommandRunner

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL_S = 300.0
DELIVERY_POLL_S = 15.0
JITTER = 0.5


class SyncLoop:
    """Runs sync, heartbeats and outbox delivery on one worker thread.

    :param syncer: the content :class:`Syncer`.
    :param delivery: the :class:`OutboxDelivery`.
    :param outbox: the queue (heartbeats are queued there, so they survive outages too).
    :param interval_s: the mean time between content polls, in seconds.
    :param app_version: reported in heartbeats.
    :param doctor: returns a short health summary dict for heartbeats, or ``None``.
    :param commands: runs the hub's remote commands and keeps their results for heartbeats.
    """

    def __init__(
        self,
        *,
        syncer: Syncer,
        delivery: OutboxDelivery,
        outbox: Outbox,
        interval_s: float = 300.0,
        heartbeat_interval_s: float = HEARTBEAT_INTERVAL_S,
        app_version: str = "0",
        doctor: Callable[[], dict | None] | None = None,
        commands: CommandRunner | None = None,
        on_online_changed: Callable[[bool], None] | None = None,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.syncer = syncer
        self.delivery = delivery
        self.outbox = outbox
        self.interval_s = interval_s
        self.heartbeat_interval_s = heartbeat_interval_s
        self.app_version = app_version
        self.doctor = doctor
        self.commands = commands
        self.on_online_changed = on_online_changed
        self.clock = clock
        self.rng = rng
        self.online = False
        self.last_result: SyncResult | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sync_due = 0.0
        self._beat_due = 0.0

    def next_interval_s(self) -> float:
        """The jittered wait before the next content poll."""
        return self.interval_s * (1 - JITTER + 2 * JITTER * self.rng())

    def heartbeat_body(self) -> dict:
        body = {
            "version": self.app_version,
            "content_version": self.syncer.store.content_version(),
            "queue": self.outbox.size(),
        }
        summary = self.doctor() if self.doctor is not None else None
        if summary:
            body["doctor"] = summary
        body["stale"] = self.syncer.stale()  # no fresh signed statement for too long
        pins = self.syncer.pins
        if pins is not None and pins.current_id:  # which hub keys are pinned (key rotation)
            body["key_id"] = pins.current_id
            if pins.next_id:
                body["next_key_id"] = pins.next_id
        done = self.commands.done_entries() if self.commands is not None else []
        if done:
            body["done"] = done
        return body

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            logger.info("hub %s", "reachable" if online else "unreachable")
            if self.on_online_changed is not None:
                self.on_online_changed(online)

    def run_once(self, *, force_sync: bool = True) -> dict:
        """One round: sync if due (or forced), heartbeat if due, deliver what is due."""
        now = self.clock()
        result = None
        if force_sync or now >= self._sync_due:
            result = self.syncer.sync_once()
            self.last_result = result
            self._sync_due = now + self.next_interval_s()
            self._set_online(result.status != UNAVAILABLE)
            if result.status != UNAVAILABLE:
                self.delivery.unblock()  # the hub is back: queued items need not wait
        if force_sync or now >= self._beat_due:  # "sync now" also brings the hub's news at once
            self.outbox.enqueue(HEARTBEAT, self.heartbeat_body(), priority=PRIORITY_HIGH)
            self._beat_due = now + self.heartbeat_interval_s
        report = self.delivery.deliver_once()
        if report.delivered or report.duplicates:
            self._set_online(True)
        elif report.hub_unavailable:
            self._set_online(False)
        ran = self.commands.run_waiting() if self.commands is not None else []
        if ran:
            self._beat_due = 0.0  # the results go back with a heartbeat at once
        return {"sync": result, "delivery": report, "commands": ran}

    def _wait_s(self) -> float:
        now = self.clock()
        due = [self._sync_due, self._beat_due, now + DELIVERY_POLL_S]
        next_item = self.outbox.next_due_at()
        if next_item is not None:
            due.append(max(next_item, self.delivery.blocked_until))
        return max(0.05, min(due) - now)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once(force_sync=False)
            except Exception:  # boundary: the worker must survive any one bad round
                logger.exception("sync round failed")
            self._wake.wait(self._wait_s())
            self._wake.clear()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync-loop", daemon=True)
            self._thread.start()

    def kick(self, *, sync: bool = False) -> None:
        """Run a round now (``sync=True`` also polls content and heartbeats at once: "sync now")."""
        if sync:
            self._sync_due = 0.0
            self._beat_due = 0.0
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None
