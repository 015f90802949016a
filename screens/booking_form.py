"""What a resident enters to book: validated, and wiped on reset. No Kivy import."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")
MAX_PHONE = 12
MAX_NAME = 20


@dataclass
class BookingForm:
    adviser: dict | None = None
    slot: dict | None = None
    name: str = ""
    phone: str = ""
    consent: bool = False
    idempotency_key: str = field(default_factory=lambda: uuid.uuid4().hex)

    def add_digit(self, digit: str) -> None:
        if digit.isdigit() and len(self.phone) < MAX_PHONE:
            self.phone += digit

    def add_letter(self, letter: str) -> None:
        if len(self.name) < MAX_NAME:
            self.name += letter

    def phone_ok(self) -> bool:
        return bool(PHONE_RE.match(self.phone))

    def ready(self) -> bool:
        return bool(
            self.adviser and self.slot and self.name.strip() and self.phone_ok() and self.consent
        )

    def masked_phone(self) -> str:
        return (
            self.phone[:3] + "*" * max(0, len(self.phone) - 7) + self.phone[-4:]
            if len(self.phone) > 7
            else self.phone
        )

    def wipe(self) -> None:
        self.adviser = self.slot = None
        self.name = self.phone = ""
        self.consent = False
        self.idempotency_key = uuid.uuid4().hex
