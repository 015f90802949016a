"""Builds the terminal's connection to its hub from the config: one place, used by the app's
composition root and by ``legal-kiosk sync``.

:func:`build_hub_link` opens the outbox and wires client, syncer, delivery, the background loop,
the booking service and the telemetry sink together. On a terminal that is not enrolled it still
returns a link: the outbox records usage (delivered once enrolled), booking answers "needs the
hub" with the callback request and 12348, and there is no loop.
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests

from kiosk.booking import BookingService
from kiosk.booking.advisers import remember_assigned_adviser
from kiosk.config import KioskConfig
from kiosk.hublink.client import HubClient
from kiosk.hublink.enrollment import Enrollment, connect, load_enrollment, save_pins
from kiosk.hublink.key_pins import KeyPins
from kiosk.hublink.loop import SyncLoop
from kiosk.hublink.sync import Syncer
from kiosk.outbox import Outbox
from kiosk.outbox.delivery import OutboxDelivery
from kiosk.outbox.sink import OutboxSink
from kiosk.remote import CommandLedger, CommandRunner
from kiosk.remote.actions import app_handlers, doctor_handler, no_app_handler, sync_handler

logger = logging.getLogger(__name__)


def app_version() -> str:
    """The installed package version, reported in heartbeats."""
    try:
        return importlib.metadata.version("legal-kiosk")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


@dataclass
class HubLink:
    outbox: Outbox
    sink: OutboxSink
    booking: BookingService
    enrollment: Enrollment | None = None
    client: HubClient | None = None
    syncer: Syncer | None = None
    delivery: OutboxDelivery | None = None
    loop: SyncLoop | None = None
    commands: CommandRunner | None = None

    @property
    def online(self) -> bool:
        return bool(self.loop and self.loop.online)

    def listen(
        self,
        *,
        on_content_changed: Callable[[int], None] | None = None,
        on_online_changed: Callable[[bool], None] | None = None,
    ) -> None:
        """Set the callbacks (called from the sync thread; a UI wraps them for its own thread)."""
        if self.syncer is not None and on_content_changed is not None:
            self.syncer.on_content_changed = on_content_changed
        if self.loop is not None and on_online_changed is not None:
            self.loop.on_online_changed = on_online_changed

    def serve_app(self, *, grab: Callable[[], bytes], restart: Callable[[], None]) -> None:
        """The running app can take screenshots (``grab`` → PNG bytes) and restart itself:
        remote ``screenshot`` and ``restart`` commands use them (without an app they fail)."""
        if self.commands is not None and self.client is not None:
            for name, handler in app_handlers(self.client, grab=grab, restart=restart).items():
                self.commands.register(name, handler)

    def start(self) -> None:
        """Start the background loop (content polls, heartbeats, outbox delivery) if enrolled."""
        if self.loop is not None:
            self.loop.start()

    def sync_now(self) -> None:
        if self.loop is not None:
            self.loop.kick(sync=True)

    def sync_round(self) -> dict:
        """One forced round (content, heartbeat, outbox) and what came of it — ``legal-kiosk sync``."""
        if self.loop is None:
            return {
                "status": "not_enrolled",
                "version": None,
                "reason": None,
                "detail": None,
                "delivered": 0,
                "commands": [],
                **self.status(),
            }
        round_ = self.loop.run_once(force_sync=True)
        result, report = round_["sync"], round_["delivery"]
        return {
            "status": result.status,
            "version": result.version,
            "reason": result.reason,
            "detail": result.detail,
            "delivered": report.delivered + report.duplicates,
            # remote commands run in this round (their results go with the next heartbeat)
            "commands": round_["commands"],
            **self.status(),
        }

    def status(self) -> dict:
        """For the maintenance screen: enrollment, content and queue state."""
        status = {
            "enrolled": self.enrollment is not None,
            "online": self.online,
            "queue": self.outbox.stats(),
        }
        if self.enrollment is not None:
            status["terminal_id"] = self.enrollment.terminal_id
            status["hub_url"] = self.enrollment.hub_url
        if self.syncer is not None:
            status.update(self.syncer.status())
        return status

    def close(self) -> None:
        if self.loop is not None:
            self.loop.stop()
        self.sink.flush()
        self.outbox.close()
        if self.commands is not None:
            self.commands.ledger.close()


def build_hub_link(
    config: KioskConfig,
    *,
    store,
    session: requests.Session | None = None,
    background_sink: bool = True,
    on_content_changed: Callable[[int], None] | None = None,
    on_online_changed: Callable[[bool], None] | None = None,
    doctor: Callable[[], dict | None] | None = None,
) -> HubLink:
    """Wire the hub parts for ``config`` around an open content ``store`` (nothing started yet)."""
    outbox = Outbox.open(config.data_dir)
    sink = OutboxSink(outbox, background=background_sink)
    if load_enrollment(config.data_dir) is None:
        logger.warning("terminal not enrolled: working offline; run legal-kiosk enroll")
        return HubLink(outbox=outbox, sink=sink, booking=BookingService(None, outbox))
    client, enrollment = connect(config, session=session)
    pins = KeyPins(
        enrollment.public_key,
        enrollment.next_public_key,
        on_change=lambda current, next_key, replaced: save_pins(
            config.data_dir, current, next_key, replaced
        ),
    )
    syncer = Syncer(
        store=store,
        client=client,
        public_key=enrollment.public_key,
        data_dir=config.data_dir,
        outbox=outbox,
        max_age_days=config.hub.content_max_age_days,
        fresh_max_age_s=config.hub.fresh_max_age_hours * 3600.0,
        on_content_changed=on_content_changed,
        pins=pins,
    )
    commands = CommandRunner(
        CommandLedger.open(config.data_dir),
        {
            "sync": sync_handler(syncer),
            "doctor": doctor_handler(lambda: full_doctor_report(config)),
            "screenshot": no_app_handler,
            "restart": no_app_handler,
        },
    )

    def heartbeat_delivered(heartbeat: dict, answer: dict) -> None:
        remember_assigned_adviser(store, answer)
        commands.confirm(heartbeat)
        commands.receive(answer)

    delivery = OutboxDelivery(
        outbox,
        client,
        on_heartbeat_delivered=heartbeat_delivered,
        on_heartbeat_refused=commands.refused,
    )
    loop = SyncLoop(
        syncer=syncer,
        delivery=delivery,
        outbox=outbox,
        interval_s=config.hub.sync_interval_s,
        app_version=app_version(),
        doctor=doctor,
        commands=commands,
        on_online_changed=on_online_changed,
    )
    booking = BookingService(client, outbox, on_queued=loop.kick)
    return HubLink(outbox, sink, booking, enrollment, client, syncer, delivery, loop, commands)


def full_doctor_report(config: KioskConfig) -> dict:
    """The whole self-test (hub checks included) for a remote ``doctor`` command."""
    from kiosk.doctor import report, run_checks

    return report(run_checks(config))
