"""Typed hub settings from the environment (``HUB_*``), validated once at start.

``HUB_DATA`` is the hub's data folder (default ``./hub_data``): the SQLite database
``hub.db``, the signing key pair under ``keys/`` and uploaded media under ``media/``.
``HUB_DATABASE_URL`` selects another database (``postgresql+psycopg://user@host/db``).
Every other setting has a ``HUB_<NAME>`` variable named after the field in upper case, for
example ``HUB_SLOT_MINUTES=30`` or ``HUB_PUBLIC_BASE_URL=https://hub.example.cn``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8348
TIMEZONE = "Asia/Shanghai"


class SettingsError(ValueError):
    """A ``HUB_*`` variable holds a value the hub cannot use; the message names the variable."""


@dataclass(frozen=True)
class HubSettings:
    """Everything the hub reads from its environment. Durations carry their unit in the name."""

    data_dir: Path = Path("hub_data")
    database_url: str = ""  # empty: SQLite file <data_dir>/hub.db
    public_base_url: str = ""  # empty: derived from the request (http://host:port)
    # Bookings and slots
    slot_minutes: int = 30
    slot_days_max: int = 28
    booking_min_notice_minutes: int = 0
    room_opens_before_minutes: int = 10
    personal_data_retention_days: int = 30
    # Limits
    max_body_bytes: int = 1_000_000  # /api/v1 requests
    max_upload_bytes: int = 25_000_000  # staff pages (media upload)
    max_events_per_batch: int = 500
    rate_limit_per_minute: int = 600
    rate_limit_burst: int = 120
    # Staff sessions
    session_hours: int = 12
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    secure_cookies: bool = False

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL: ``HUB_DATABASE_URL`` or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hub.db').resolve()}"

    @property
    def keys_dir(self) -> Path:
        return self.data_dir / "keys"

    @property
    def signing_key_path(self) -> Path:
        """Ed25519 private key (PEM, mode 0600)."""
        return self.keys_dir / "hub_signing_ed25519.pem"

    @property
    def public_key_path(self) -> Path:
        """Ed25519 public key (raw 32 bytes, base64 text) — what terminals pin."""
        return self.keys_dir / "hub_signing_ed25519.pub"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> HubSettings:
        """Build settings from ``environ`` (default ``os.environ``); ``overrides`` win over both."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get("HUB_DATA"):
            values["data_dir"] = Path(env["HUB_DATA"])
        if env.get("HUB_DATABASE_URL"):
            values["database_url"] = env["HUB_DATABASE_URL"]
        for field in dataclasses.fields(cls):
            name = f"HUB_{field.name.upper()}"
            if field.name in ("data_dir", "database_url") or name not in env:
                continue
            values[field.name] = _parse(name, env[name], field.default)
        values.update(overrides)
        if "data_dir" in values:
            values["data_dir"] = Path(values["data_dir"])
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise :class:`SettingsError` naming the first bad value."""
        if self.slot_minutes not in (10, 15, 20, 30, 45, 60, 90, 120):
            raise SettingsError("HUB_SLOT_MINUTES must be one of 10, 15, 20, 30, 45, 60, 90, 120")
        for name in (
            "slot_days_max",
            "max_body_bytes",
            "max_upload_bytes",
            "max_events_per_batch",
            "rate_limit_per_minute",
            "rate_limit_burst",
            "session_hours",
            "login_max_failures",
            "personal_data_retention_days",
        ):
            if getattr(self, name) <= 0:
                raise SettingsError(f"HUB_{name.upper()} must be a positive whole number")
        url = self.database_url
        if url and not url.startswith(("sqlite", "postgresql")):
            raise SettingsError("HUB_DATABASE_URL must be a sqlite:// or postgresql+psycopg:// URL")
        if self.public_base_url and not self.public_base_url.startswith(("http://", "https://")):
            raise SettingsError("HUB_PUBLIC_BASE_URL must start with http:// or https://")


def _parse(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off", ""):
            return False
        raise SettingsError(f"{name} must be true or false")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise SettingsError(f"{name} must be a whole number") from None
    return raw.rstrip("/") if name == "HUB_PUBLIC_BASE_URL" else raw
