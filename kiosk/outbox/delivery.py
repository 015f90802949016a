"""Delivering the outbox to the hub: batches, full-jitter backoff, Retry-After, poison items.

:meth:`OutboxDelivery.deliver_once` sends what is due and returns; the sync loop calls it
(:mod:`kiosk.hublink.loop`). Delivery is at-least-once: an item is deleted only after the hub
confirmed it (accepted, or a duplicate it already holds), so a crash between sending and
deleting sends it again and the hub's de-duplication by id keeps it exactly-once.

Backoff is "full jitter": the next attempt of an item that failed ``n`` times waits a uniformly
random time in ``[0, min(cap, base * 2**n)]``, but never less than the hub's ``Retry-After``.
A batch refused with a 4xx is split in halves until the poison item is alone; that item is set
aside with the hub's reason and everything else drains.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.errors import HubRefused, HubUnavailable
from kiosk.hublink.client import HubClient
from kiosk.outbox.queue import CALLBACK, EVENT, HEARTBEAT, RATING, Item, Outbox

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
BASE_DELAY_S = 2.0
MAX_DELAY_S = 900.0
MAX_BATCHES_PER_ROUND = 50


def canonical_id(value: str) -> str:
    """An id as the hub writes it back (canonical UUID text when it is a UUID)."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        return str(value)


def canonical_ids(values: object) -> list[str]:
    return (
        [canonical_id(v) for v in values if isinstance(v, str)] if isinstance(values, list) else []
    )


@dataclass
class DeliveryReport:
    """What one round did (for logs, the maintenance screen and tests)."""

    delivered: int = 0
    duplicates: int = 0
    set_aside: int = 0
    failed: int = 0
    hub_unavailable: bool = False
    errors: list[str] = field(default_factory=list)


class OutboxDelivery:
    """Sends due outbox items to the hub.

    :param outbox: the queue.
    :param client: the hub client (with the terminal's token).
    :param rng: returns a float in [0, 1) — injected for deterministic tests.
    :param on_scrubbed: called after a callback request was confirmed and erased.
    :param on_heartbeat_answer: called with the hub's answer to a delivered heartbeat.
    :param on_heartbeat_delivered: called with the heartbeat sent and the hub's answer, once the
        hub confirmed it (the remote commands' results it carried need not be sent again).
    :param on_heartbeat_refused: called with a heartbeat the hub refused (4xx; it is set aside),
        so what it carried is not sent again and again in every later heartbeat.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: HubClient,
        *,
        rng: Callable[[], float] = random.random,
        batch_size: int = BATCH_SIZE,
        base_delay_s: float = BASE_DELAY_S,
        max_delay_s: float = MAX_DELAY_S,
        on_scrubbed: Callable[[], None] | None = None,
        on_heartbeat_answer: Callable[[dict], None] | None = None,
        on_heartbeat_delivered: Callable[[dict, dict], None] | None = None,
        on_heartbeat_refused: Callable[[dict], None] | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.rng = rng
        self.batch_size = batch_size
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.on_scrubbed = on_scrubbed
        self.on_heartbeat_answer = on_heartbeat_answer
        self.on_heartbeat_delivered = on_heartbeat_delivered
        self.on_heartbeat_refused = on_heartbeat_refused
        self.blocked_until = 0.0  # Unix time before which the hub is not asked again
        self.unavailable_rounds = 0

    def backoff_s(self, attempts: int, retry_after_s: float | None = None) -> float:
        """Full-jitter delay after ``attempts`` failures, at least ``retry_after_s``."""
        ceiling = min(self.max_delay_s, self.base_delay_s * (2 ** min(attempts, 30)))
        delay = self.rng() * ceiling
        if retry_after_s is not None:
            delay = max(delay, min(retry_after_s, 24 * 3600.0))
        return delay

    def deliver_once(self) -> DeliveryReport:
        """Send everything due now (callbacks, then events, then the newest heartbeat).

        After the hub was unavailable, the whole delivery waits (full jitter over the number of
        unavailable rounds in a row, at least Retry-After) instead of trying the next batch at
        once: 10,000 queued items must not mean 100 connection attempts in a row.
        """
        report = DeliveryReport()
        if self.outbox.clock() < self.blocked_until:
            report.hub_unavailable = True
            return report
        self.outbox.flush_dropped()
        try:
            self._callbacks(report)
            for _ in range(MAX_BATCHES_PER_ROUND):
                batch = self.outbox.due((EVENT, RATING), limit=self.batch_size)
                if not batch:
                    break
                self._send_events(batch, report)
            self._heartbeat(report)
        except HubUnavailable as exc:
            report.hub_unavailable = True
            report.errors.append(exc.detail)
            self.blocked_until = self.outbox.clock() + self.backoff_s(
                self.unavailable_rounds, exc.retry_after_s
            )
            self.unavailable_rounds += 1
            return report
        self.unblock()
        return report

    def unblock(self) -> None:
        """The hub answered (here or to a content poll): deliver again at the next round."""
        self.blocked_until = 0.0
        self.unavailable_rounds = 0

    def _fail(self, items: list[Item], exc: HubUnavailable, report: DeliveryReport) -> None:
        retry_after = exc.retry_after_s
        delays = [self.backoff_s(item.attempts, retry_after) for item in items]
        self.outbox.failed([item.id for item in items], exc.detail, delays_s=delays)
        report.failed += len(items)
        logger.info("hub unavailable, %d item(s) wait: %s", len(items), exc.detail)

    def _send_events(self, batch: list[Item], report: DeliveryReport) -> None:
        events = [{"id": item.id, **item.payload} for item in batch]
        try:
            answer = self.client.post_events(events)
        except HubUnavailable as exc:
            self._fail(batch, exc, report)
            raise
        except HubRefused as exc:
            if len(batch) == 1:
                self.outbox.set_aside(batch[0].id, f"{exc.status}: {exc.detail}")
                report.set_aside += 1
                return
            middle = len(batch) // 2
            self._send_events(batch[:middle], report)
            self._send_events(batch[middle:], report)
            return
        accepted = canonical_ids(answer.get("accepted"))
        duplicates = canonical_ids(answer.get("duplicates"))
        confirmed = set(accepted) | set(duplicates)
        ours = {canonical_id(item.id): item for item in batch}
        self.outbox.delivered([item.id for key, item in ours.items() if key in confirmed])
        report.delivered += len(accepted)
        report.duplicates += len(duplicates)
        unconfirmed = [item for key, item in ours.items() if key not in confirmed]
        if unconfirmed:
            # The hub answered but did not name these: try them again later, never drop them.
            error = HubUnavailable("hub did not confirm these events")
            delays = [self.backoff_s(item.attempts) for item in unconfirmed]
            self.outbox.failed([item.id for item in unconfirmed], error.detail, delays_s=delays)
            report.failed += len(unconfirmed)

    def _callbacks(self, report: DeliveryReport) -> None:
        for item in self.outbox.due((CALLBACK,), limit=self.batch_size):
            if not self._send_one(
                item,
                lambda item: self.client.post_callback({"id": item.id, **item.payload}),
                report,
            ):
                continue
            self.outbox.scrub()
            if self.on_scrubbed is not None:
                self.on_scrubbed()

    def _heartbeat(self, report: DeliveryReport) -> None:
        beats = self.outbox.due((HEARTBEAT,), limit=1)
        if not beats:
            return
        answer: dict = {}

        def send(item: Item) -> None:
            answer.update(self.client.heartbeat(item.payload))

        if not self._send_one(beats[0], send, report):
            if self.on_heartbeat_refused is not None:  # refused (unavailable raises)
                self.on_heartbeat_refused(beats[0].payload)
            return
        if self.on_heartbeat_answer is not None:
            self.on_heartbeat_answer(answer)
        if self.on_heartbeat_delivered is not None:
            self.on_heartbeat_delivered(beats[0].payload, answer)

    def _send_one(self, item, send, report: DeliveryReport) -> bool:
        """Send one item on its own; True once the hub confirmed it (and it left the queue).

        A refusal (4xx) sets the item aside with its reason; a hub that cannot be reached marks
        the attempt and raises, so the round stops and backs off.
        """
        try:
            send(item)
        except HubUnavailable as exc:
            self._fail([item], exc, report)
            raise
        except HubRefused as exc:
            self.outbox.set_aside(item.id, f"{exc.status}: {exc.detail}")
            report.set_aside += 1
            return False
        self.outbox.delivered([item.id])
        report.delivered += 1
        return True
