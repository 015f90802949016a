"""What a resident enters to book: validated, and wiped on reset. No Kivy import.

The name is picked, not typed: a surname and a form of address from
:mod:`contract.resident_names`; without a surname the booking carries the anonymous form
居民（尾号1234） made from the phone number.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from contract.i18n import DEFAULT_LANGUAGE, Translator
from contract.resident_names import ANONYMOUS_NAME_KEY, compose_name

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{9,11})$")
MAX_PHONE = 12


def anonymous_name(last4: str) -> str:
    """居民（尾号1234）: always in the hub's language, since the adviser reads it there."""
    return Translator(DEFAULT_LANGUAGE)(ANONYMOUS_NAME_KEY, last4=last4)


@dataclass
class BookingForm:
    adviser: dict | None = None
    slot: dict | None = None
    surname: str = ""
    form_of_address: str = ""
    phone: str = ""
    consent: bool = False
    idempotency_key: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def name(self) -> str:
        """The name the resident picked (``王阿姨``), empty when no surname was chosen."""
        return compose_name(self.surname, self.form_of_address)

    def contact_name(self) -> str:
        """What the adviser reads: the picked name, else 居民（尾号1234） in the hub's language."""
        return self.name or anonymous_name(self.phone[-4:])

    def toggle_surname(self, surname: str) -> None:
        """Pick ``surname``; the picked one again takes it back (and its form of address)."""
        if self.surname == surname:
            self.surname = self.form_of_address = ""
        else:
            self.surname = surname

    def toggle_form_of_address(self, form: str) -> None:
        if self.surname:
            self.form_of_address = "" if self.form_of_address == form else form

    def clear_name(self) -> None:
        self.surname = self.form_of_address = ""

    def add_digit(self, digit: str) -> None:
        if digit.isdigit() and len(self.phone) < MAX_PHONE:
            self.phone += digit

    def phone_full(self) -> bool:
        return len(self.phone) >= MAX_PHONE

    def phone_ok(self) -> bool:
        return bool(PHONE_RE.match(self.phone))

    def ready(self) -> bool:
        return bool(self.adviser and self.slot and self.phone_ok() and self.consent)

    def masked_phone(self) -> str:
        return (
            self.phone[:3] + "*" * max(0, len(self.phone) - 7) + self.phone[-4:]
            if len(self.phone) > 7
            else self.phone
        )

    def wipe(self) -> None:
        self.adviser = self.slot = None
        self.surname = self.form_of_address = self.phone = ""
        self.consent = False
        self.idempotency_key = uuid.uuid4().hex
