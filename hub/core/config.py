"""Typed hub settings from the environment (``HUB_*``), validated once at start.

``HUB_DATA`` is the hub's data folder (default ``./hub_data``): the SQLite database
``hub.db``, the signing key pair under ``keys/`` and uploaded media under ``media/``
(work-log photos apart, under ``work_log_photos/``).
``HUB_DATABASE_URL`` selects another database (``postgresql+psycopg://user@host/db``).
Every other setting has a ``HUB_<NAME>`` variable named after the field in upper case, for
example ``HUB_SLOT_MINUTES=30`` or ``HUB_PUBLIC_BASE_URL=https://hub.example.cn``; the video
settings are ``HUB_VIDEO_<NAME>`` (:class:`VideoSettings`). ``HUB_TIMEZONE`` (default
``Asia/Shanghai``) is the one zone every time shown to people and every duty hour is in
(:mod:`hub.core.clock`).

The models are pydantic models: types, ranges and choices are declared on the fields, so a bad
value anywhere — video included — stops ``legal-hub`` at start with a sentence that names the
variable (:class:`SettingsError`), never a 500 later.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hub.core.clock import DEFAULT_TIMEZONE, zone_named

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8348
PREFIX = "HUB_"
VIDEO_PREFIX = "HUB_VIDEO_"
DAY_MINUTES = 24 * 60
SLOT_MINUTES = (10, 15, 20, 30, 45, 60, 90, 120)


class SettingsError(ValueError):
    """A ``HUB_*`` variable holds a value the hub cannot use; the message names the variable."""


class VideoSettings(BaseModel):
    """Video calls (``HUB_VIDEO_*``).

    - ``PROVIDER`` (builtin): ``builtin`` (WebRTC room on the hub) or ``jitsi``
    - ``ROOM_CLOSES_AFTER_MINUTES`` (15): a booking's room stays open this long after its slot
    - ``TOKEN_MINUTES`` (90): a join link is valid this long, never past its room's close
    - ``RING_SECONDS`` (120): a "call now" rings the adviser this long
    - ``CALL_NOW_MINUTES`` (60): a "call now" room closes this long after it was made
    - ``STUN_URLS`` / ``TURN_URLS``: comma lists (``stun:…``, ``turn:…?transport=udp``)
    - ``TURN_SECRET``: coturn ``static-auth-secret`` (time-limited credentials)
    - ``TURN_USERNAME`` / ``TURN_CREDENTIAL``: fixed TURN credentials when no secret is set
    - ``JITSI_URL``: e.g. ``https://meet.example.cn`` (provider ``jitsi``)
    - ``JITSI_APP_ID`` / ``JITSI_APP_SECRET``: HS256 JWT issuer and secret (no JWT when empty)

    The room opens ``HUB_ROOM_OPENS_BEFORE_MINUTES`` (a hub setting) before the slot.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    provider: Literal["builtin", "jitsi"] = "builtin"
    room_closes_after_minutes: int = Field(15, ge=0, le=DAY_MINUTES)
    token_minutes: int = Field(90, ge=1, le=7 * DAY_MINUTES)
    ring_seconds: int = Field(120, ge=1, le=3600)
    call_now_minutes: int = Field(60, ge=1, le=DAY_MINUTES)
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: str = ""
    turn_username: str = ""
    turn_credential: str = ""
    jitsi_url: str = ""
    jitsi_app_id: str = ""
    jitsi_app_secret: str = ""

    @field_validator("stun_urls", "turn_urls", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("stun_urls")
    @classmethod
    def _stun(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            if not url.startswith(("stun:", "stuns:")):
                raise ValueError(f"{url!r} must start with stun: or stuns:")
        return urls

    @field_validator("turn_urls")
    @classmethod
    def _turn(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            if not url.startswith(("turn:", "turns:")):
                raise ValueError(f"{url!r} must start with turn: or turns:")
        return urls

    @field_validator("jitsi_url")
    @classmethod
    def _jitsi_url(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if url and not url.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return url

    @model_validator(mode="after")
    def _jitsi_needs_url(self) -> VideoSettings:
        if self.provider == "jitsi" and not self.jitsi_url:
            raise ValueError("JITSI_URL: must be an http(s) URL when the provider is jitsi")
        return self

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> VideoSettings:
        """Build from ``environ`` (default ``os.environ``); raise :class:`SettingsError`."""
        env = os.environ if environ is None else environ
        return _build(cls, _from_env(cls, env, VIDEO_PREFIX), VIDEO_PREFIX)


class HubSettings(BaseModel):
    """Everything the hub reads from its environment. Durations carry their unit in the name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    data_dir: Path = Path("hub_data")
    database_url: str = ""  # empty: SQLite file <data_dir>/hub.db
    public_base_url: str = ""  # empty: derived from the request (http://host:port)
    # The zone of every time shown to people, of duty hours, holidays and report days
    timezone: str = DEFAULT_TIMEZONE
    # Bookings and slots
    slot_minutes: int = 30
    slot_days_max: int = Field(28, ge=1, le=366)
    booking_min_notice_minutes: int = Field(0, ge=0, le=7 * DAY_MINUTES)
    room_opens_before_minutes: int = Field(10, ge=0, le=DAY_MINUTES)
    personal_data_retention_days: int = Field(30, ge=1, le=3650)
    # Advisers' work log: an entry can be changed by its author this many days after it was
    # written (and may be dated this many days back); then it is locked for the ledger.
    work_log_edit_days: int = Field(7, ge=1, le=90)
    # Remote commands to terminals (sync, doctor, screenshot, restart): one not picked up by a
    # heartbeat within this time is failed as expired (a restart days later would surprise).
    command_expire_minutes: int = Field(DAY_MINUTES, ge=1, le=30 * DAY_MINUTES)
    # Photos on an entry (sign-in sheets, documents; JPEG or PNG): the largest file taken, and
    # how many one entry may hold.
    work_log_photo_bytes: int = Field(8_000_000, ge=10_000, le=25_000_000)
    work_log_photos_per_entry: int = Field(6, ge=1, le=20)
    # Limits
    max_body_bytes: int = Field(1_000_000, ge=1_000)  # /api/v1 requests
    max_upload_bytes: int = Field(25_000_000, ge=1_000)  # staff pages (media upload)
    max_events_per_batch: int = Field(500, ge=1, le=10_000)
    rate_limit_per_minute: int = Field(600, ge=1)
    rate_limit_burst: int = Field(120, ge=1)
    # Content answers: a change set larger than this goes out in signed pages of about this
    # many bytes of records; signed bodies are cached up to this many bytes (LRU).
    content_page_bytes: int = Field(4_000_000, ge=1_000, le=40_000_000)
    content_cache_bytes: int = Field(64_000_000, ge=0, le=4_000_000_000)
    # Staff sessions
    session_hours: int = Field(12, ge=1, le=30 * 24)
    login_max_failures: int = Field(5, ge=1, le=1_000)  # per name and client address
    login_account_max_failures: int = Field(20, ge=1, le=10_000)  # per name, all addresses
    login_lockout_minutes: int = Field(15, ge=1, le=DAY_MINUTES)
    secure_cookies: bool = False
    video: VideoSettings = VideoSettings()

    @field_validator("slot_minutes")
    @classmethod
    def _slot_minutes(cls, minutes: int) -> int:
        if minutes not in SLOT_MINUTES:
            raise ValueError(f"must be one of {', '.join(map(str, SLOT_MINUTES))}")
        return minutes

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, name: str) -> str:
        zone_named(name)  # raises ValueError with the sentence the person reads
        return name

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str) -> str:
        if url and not url.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql+psycopg:// URL")
        return url

    @field_validator("public_base_url")
    @classmethod
    def _public_base_url(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if url and not url.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return url

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL: ``HUB_DATABASE_URL`` or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hub.db').resolve()}"

    @property
    def zone(self) -> ZoneInfo:
        """The zone ``timezone`` names (zoneinfo caches it: cheap to ask on every request)."""
        return zone_named(self.timezone)

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def signing_key_path(self) -> Path:
        """Ed25519 private key (PEM, mode 0600)."""
        return self.keys_dir / "hub_signing_ed25519.pem"

    @property
    def next_signing_key_path(self) -> Path:
        """The announced next key (``legal-hub key announce``), until ``key switch``."""
        return self.keys_dir / "hub_next_ed25519.pem"

    @property
    def previous_signing_key_path(self) -> Path:
        """The key before the last switch, kept so late terminals can follow the link."""
        return self.keys_dir / "hub_previous_ed25519.pem"

    @property
    def public_key_path(self) -> Path:
        """Ed25519 public key (raw 32 bytes, base64 text) — what terminals pin."""
        return self.keys_dir / "hub_signing_ed25519.pub"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def work_log_photo_dir(self) -> Path:
        """Photos on work-log entries, by sha256 (apart from media: never sent to terminals)."""
        return self.data_dir / "work_log_photos"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> HubSettings:
        """Build settings from ``environ`` (default ``os.environ``); ``overrides`` win over both.

        :raises SettingsError: naming the first variable whose value is refused.
        """
        env = os.environ if environ is None else environ
        values = _from_env(cls, env, PREFIX)
        values["video"] = _from_env(VideoSettings, env, VIDEO_PREFIX)
        if env.get("HUB_DATA"):
            values["data_dir"] = env["HUB_DATA"]
        values.update(overrides)
        return _build(cls, values, PREFIX)


def _from_env(model: type[BaseModel], env: Mapping[str, str], prefix: str) -> dict[str, Any]:
    """``{field: raw text}`` for each ``<prefix><FIELD>`` set in ``env``.

    An empty value means "not set" except for text fields, where it is the (empty) value.
    """
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name == "video":
            continue
        raw = env.get(prefix + name.upper())
        if raw is None:
            continue
        if raw.strip() == "" and field.annotation not in (str, "str"):
            continue
        values[name] = raw.strip()
    return values


def _build(model: type[BaseModel], values: dict[str, Any], prefix: str) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(_sentence(exc, values, prefix)) from None


REASONS = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be true or false",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "literal_error": "must be one of {expected}",
}


def _sentence(exc: ValidationError, values: dict[str, Any], prefix: str) -> str:
    """The first problem as ``HUB_NAME must …, not 'value'`` (the variable a person sets)."""
    error = exc.errors()[0]
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] == "video":
        loc, prefix = loc[1:], VIDEO_PREFIX
        values = values.get("video", {}) if isinstance(values.get("video"), dict) else {}
    message = error.get("msg", "is not valid")
    template = REASONS.get(error.get("type", ""))
    if template:
        context = error.get("ctx") or {}
        message = template.format(**{k: str(v) for k, v in context.items()})
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    if not loc:  # a rule across fields names its variable at the start of its message
        name, _, message = message.partition(": ")
        return f"{prefix}{name} {message}"
    variable = prefix + loc[0].upper()
    shown = values.get(loc[0])
    plain = shown is not None and not isinstance(shown, dict) and repr(shown) not in message
    got = f", not {shown!r}" if plain else ""
    return f"{variable} {message}{got}"
