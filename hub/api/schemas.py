"""Request and answer bodies of the terminal API. Requests refuse unknown fields (422)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from contract.events import event_problem, known_type, props_problem
from contract.key_link import KEY_ID_PATTERN
from contract.resident_text import ascii_phone, hidden_characters
from contract.terminal_commands import ID_PATTERN as COMMAND_ID_PATTERN
from contract.terminal_commands import MAX_DONE, result_problem

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
# Numbers a terminal reports (versions, queue lengths) fit a 32-bit integer on every database.
MAX_INT = 2**31 - 1


def _plain_text(value: str) -> str:
    value = value.strip()
    if CONTROL_RE.search(value):
        raise ValueError("must not contain control characters")
    if hidden_characters(value):
        raise ValueError("must not contain invisible or direction-changing characters")
    if not value:
        raise ValueError("must not be empty")
    return value


def _free_text(value: str) -> str:
    if hidden_characters(value) or "\x00" in value:
        raise ValueError("must not contain invisible or direction-changing characters")
    return value


def _phone(value: str) -> str:
    digits = ascii_phone(value)
    if digits is None or not 7 <= len(digits) <= 20:
        raise ValueError("must be a phone number of 7-20 digits")
    return digits


def _terminal_time(value):
    """An aware time a terminal's clock could show: years 2000-2999, offsets within ±14 h, so
    converting it to UTC or China time never leaves the calendar."""
    offset = value.utcoffset()
    if offset is None or abs(offset.total_seconds()) > 14 * 3600:
        raise ValueError("the UTC offset must lie within ±14:00")
    if not 2000 <= value.year <= 2999:
        raise ValueError("the year must lie between 2000 and 2999")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
FreeText = Annotated[str, AfterValidator(_free_text)]
TerminalTime = Annotated[AwareDatetime, AfterValidator(_terminal_time)]
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
    start: TerminalTime
    name: Annotated[PlainText, Field(max_length=40)]
    phone: Phone
    topic: Annotated[FreeText, Field(max_length=200)] = ""
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
    problem = props_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _known_type(value: str) -> str:
    if not known_type(value):
        raise ValueError("not an event type the terminal records")
    return value


class EventIn(Strict):
    id: uuid.UUID
    type: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{0,39}$"), AfterValidator(_known_type)]
    at: TerminalTime
    props: Annotated[dict[str, Any], AfterValidator(_props)] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _type_rules(self) -> EventIn:
        problem = event_problem(self.type, self.props)
        if problem:
            raise ValueError(problem)
        return self


class EventsIn(Strict):
    events: Annotated[list[EventIn], Field(min_length=1)]


class EventsOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]


def _result(value: dict[str, Any]) -> dict[str, Any]:
    problem = result_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class CommandDoneIn(Strict):
    """A command the terminal ran: its id, whether it worked, and what came of it (bounded)."""

    id: Annotated[str, Field(pattern=COMMAND_ID_PATTERN)]
    ok: StrictBool
    result: Annotated[dict[str, Any], AfterValidator(_result)]


class HeartbeatIn(Strict):
    version: Annotated[PlainText, Field(min_length=1, max_length=40)]
    content_version: Annotated[int, Field(ge=0, le=MAX_INT)]
    queue: Annotated[int, Field(ge=0, le=MAX_INT)]
    doctor: dict[str, Any] | None = None
    # The hub keys the terminal has pinned (contract.key_link): current and announced next.
    key_id: Annotated[str, Field(pattern=KEY_ID_PATTERN)] | None = None
    next_key_id: Annotated[str, Field(pattern=KEY_ID_PATTERN)] | None = None
    # No fresh signed statement of the current content for too long (the terminal's verdict).
    stale: bool | None = None
    done: Annotated[list[CommandDoneIn], Field(max_length=MAX_DONE)] = Field(default_factory=list)


class CommandOut(BaseModel):
    id: str
    command: str


class HeartbeatOut(BaseModel):
    server_time: str
    # The adviser staff assigned to this terminal (listed first on its screens), or ``None``.
    adviser_id: str | None = None
    # Commands staff sent that the terminal has not reported yet (run each id once).
    commands: list[CommandOut] = Field(default_factory=list)
