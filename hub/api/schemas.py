"""Request and answer bodies of the terminal API. Requests refuse unknown fields (422)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
PERSONAL_PROP_KEYS = frozenset(
    {"name", "phone", "resident_name", "resident_phone", "mobile", "tel"}
)


def _plain_text(value: str) -> str:
    value = value.strip()
    if CONTROL_RE.search(value):
        raise ValueError("must not contain control characters")
    if not value:
        raise ValueError("must not be empty")
    return value


def _phone(value: str) -> str:
    digits = re.sub(r"[\s()+-]", "", value)
    if not digits.isdigit() or not 7 <= len(digits) <= 20:
        raise ValueError("must be a phone number of 7-20 digits")
    return digits


PlainText = Annotated[str, AfterValidator(_plain_text)]
Phone = Annotated[str, Field(max_length=30), AfterValidator(_phone)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollIn(Strict):
    code: Annotated[str, Field(min_length=4, max_length=64)]
    name: Annotated[PlainText, Field(max_length=80)] | None = None


class EnrollOut(BaseModel):
    terminal_id: str
    token: str
    public_key: str


class SlotOut(BaseModel):
    start: str
    end: str
    free: bool


class SlotsOut(BaseModel):
    adviser_id: str
    slots: list[SlotOut]


class BookingIn(Strict):
    adviser_id: Annotated[str, Field(pattern=ID_PATTERN)]
    start: AwareDatetime
    name: Annotated[PlainText, Field(max_length=40)]
    phone: Phone
    topic: Annotated[str, Field(max_length=200)] = ""
    idempotency_key: Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class BookingOut(BaseModel):
    code: str
    start: str
    end: str
    join_url: str


class CancelIn(Strict):
    phone_last4: Annotated[str, Field(pattern=r"^[0-9]{4}$")]


class CancelOut(BaseModel):
    code: str
    status: str


def _props(value: dict[str, Any]) -> dict[str, Any]:
    if len(value) > 50:
        raise ValueError("at most 50 properties")
    personal = PERSONAL_PROP_KEYS & {key.lower() for key in value}
    if personal:
        raise ValueError("must not hold names or phone numbers")
    return value


class EventIn(Strict):
    id: uuid.UUID
    type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,39}$")]
    at: AwareDatetime
    props: Annotated[dict[str, Any], AfterValidator(_props)] = Field(default_factory=dict)


class EventsIn(Strict):
    events: Annotated[list[EventIn], Field(min_length=1)]


class EventsOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]


class HeartbeatIn(Strict):
    version: Annotated[str, Field(min_length=1, max_length=40)]
    content_version: Annotated[int, Field(ge=0)]
    queue: Annotated[int, Field(ge=0)]
    doctor: dict[str, Any] | None = None


class HeartbeatOut(BaseModel):
    server_time: str
