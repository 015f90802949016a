"""Maintenance, behind the corner gesture and the PIN: status figures and tests for a technician."""

from __future__ import annotations

import logging
from datetime import datetime

from kiosk.errors import KioskError
from kiosk.local_time import now_local, parse_local_or_none
from screens.widgets.base import KioskScreen
from screens.widgets.keyboard import DigitKeypad

logger = logging.getLogger(__name__)

MAX_PIN = 12


class MaintenanceScreen(KioskScreen):
    resident_input = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pin = ""
        self.unlocked = False
        self.keypad: DigitKeypad | None = None

    def prepare(self, **_params) -> None:
        if self.keypad is None:
            self.keypad = DigitKeypad()
            self.keypad.bind(
                on_digit=lambda _k, d: self.add_digit(d),
                on_backspace=lambda _k: self.set_pin(self.pin[:-1]),
                on_clear=lambda _k: self.set_pin(""),
            )
            self.ids.keypad_slot.add_widget(self.keypad)
        self.show_lock() if not self.unlocked else self.load_status()

    def add_digit(self, digit: str) -> None:
        if len(self.pin) < MAX_PIN:
            self.set_pin(self.pin + digit)

    def set_pin(self, pin: str) -> None:
        self.pin = pin
        self.ids.pin_dots.text = "●" * len(pin)

    def show_lock(self, message_key: str = "maintenance.enter_pin", **values) -> None:
        self.ids.panels.current = "lock"
        self.ids.lock_message.text = self.tr(message_key, **values)

    def submit_pin(self) -> None:
        gate = self.services.pin_gate
        answer = gate.attempt(self.pin)
        self.set_pin("")
        self.record("maintenance.pin", ok=answer == "ok")
        if answer == "ok":
            self.unlocked = True
            self.load_status()
        elif answer == "locked":
            self.show_lock("maintenance.locked", seconds=int(gate.locked_for_s() + 0.999))
        elif answer == "not_configured":
            self.show_lock("maintenance.no_pin")
        else:
            self.show_lock("maintenance.wrong_pin")

    def load_status(self) -> None:
        self.ids.panels.current = "status"
        services = self.services

        def collect():
            store = services.store
            return {
                "terminal_id": store.meta("terminal_id") or "—",
                "content_version": store.content_version(),
                "content_at": store.meta("content_updated_at") or store.meta("last_sync_at") or "",
                "last_sync": store.meta("last_sync_at") or "—",
                "queue": services.queue_size(),
                "stale": services.content_stale(),
            }

        self.run(collect, on_done=self.show_status)

    def show_status(self, status: dict) -> None:
        config = self.services.config
        zone = config.terminal.timezone
        # Times as sync writes them (ISO with an offset) in words and the terminal's wall clock;
        # a missing or unparsable value is a dash, never the raw text.
        age = self.age_words(parse_local_or_none(status["content_at"], zone), zone)
        synced = parse_local_or_none(status["last_sync"], zone)
        last_sync = "—" if synced is None else synced.strftime("%Y-%m-%d %H:%M")
        lines = [self.tr("maintenance.stale")] if status.get("stale") else []
        self.ids.status.text = "\n".join(
            lines
            + [
                self.tr(
                    "maintenance.terminal", name=config.terminal.name, id=status["terminal_id"]
                ),
                self.tr("maintenance.content", version=status["content_version"], age=age),
                self.tr(
                    "maintenance.queue", size="—" if status["queue"] is None else status["queue"]
                ),
                self.tr("maintenance.last_sync", at=last_sync),
                self.tr("maintenance.hub", url=config.hub.url or "—"),
                self.tr(
                    "maintenance.devices",
                    printer=self.tr(f"maintenance.printer.{config.printer.backend}"),
                    speech=self.tr(
                        "maintenance.speech.yes"
                        if self.services.speech.available
                        else "maintenance.speech.no"
                    ),
                ),
            ]
        )

    def age_words(self, then: datetime | None, zone: str) -> str:
        """``3 天前`` / ``今天`` for a past time; a time ahead of this clock as the time itself."""
        if then is None:
            return "—"
        days = (now_local(zone).date() - then.date()).days
        if days < 0:
            return then.strftime("%Y-%m-%d %H:%M")
        return self.tr("maintenance.today") if days == 0 else self.tr("maintenance.days", days=days)

    def test_printer(self) -> None:
        from screens.printing import print_test_page

        print_test_page(self.app)

    def test_speech(self) -> None:
        self.speak(self.tr("maintenance.speech_sample"))

    def sync_now(self) -> None:
        sync = self.services.sync
        if sync is None or not hasattr(sync, "sync_now"):
            self.app.show_message(self.tr("maintenance.no_sync"))
            return
        self.run(
            sync.sync_now,
            lane="io",
            on_done=lambda _r: (
                self.app.show_message(self.tr("maintenance.synced")),
                self.load_status(),
            ),
            on_error=lambda e: self.app.show_message(
                self.tr(e.message_key if isinstance(e, KioskError) else "error.generic")
            ),
        )

    def exit_app(self) -> None:
        logger.info("maintenance: exit requested")
        self.app.exit_allowed = True
        self.app.stop()

    def clear(self) -> None:
        self.unlocked = False
        self.pin = ""
        if "pin_dots" in self.ids:
            self.set_pin("")
