"""All hub tables (SQLAlchemy Core). Migrations in ``hub/migrations`` create exactly these.

Groups:

- staff: ``users``, ``staff_sessions``, ``login_failures``
- content (what staff edit): ``categories``, ``articles`` (draft/published), ``institutions``,
  ``advisers``, ``duty_periods``, ``adviser_leave``, ``announcements``, ``media``; ``holidays``
  (staff's public holidays and make-up working days)
- publishing: ``content_versions`` (one row per publish), ``content_changes`` (the change log
  terminals pull with ``since=V``), ``content_published`` (the last published copy of each record)
- terminals: ``terminals``, ``enrollment_codes``, ``terminal_tokens`` (hashed), ``heartbeats``,
  ``terminal_commands`` (sync/doctor/screenshot/restart sent by staff) and
  ``terminal_screenshots`` (the PNG a screenshot command uploaded)
- residents: ``bookings`` (the only table with names and phone numbers)
- usage: ``events`` (terminal outbox ingest), ``page_views`` (public phone pages)

Times are :class:`~hub.models.types.UTCDateTime` (aware UTC in Python). Content ids are the
string ids of :mod:`contract.records`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)

from hub.models.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

ROLES = ("admin", "editor", "adviser", "viewer")
ARTICLE_STATUSES = ("draft", "published")
BOOKING_STATUSES = ("booked", "cancelled", "held", "no_show", "referred")
ID = String(64)

# --- staff -------------------------------------------------------------------------------------
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),
    Column("display_name", String(80), nullable=False, server_default=""),
    Column("adviser_id", ID, ForeignKey("advisers.id", ondelete="SET NULL"), nullable=True),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime),
    CheckConstraint("role IN ('admin', 'editor', 'adviser', 'viewer')", name="role"),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),  # sha256 hex of the cookie value
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("client", String(64), nullable=False, server_default=""),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_login_failures_username_at", "username", "at"),
)

# --- content -----------------------------------------------------------------------------------
categories = Table(
    "categories",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(40), nullable=False),
    Column("name_en", String(60), nullable=False, server_default=""),
    Column("icon", String(40), nullable=False, server_default=""),
    Column("sort", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", UTCDateTime, nullable=False),
    # Staff-written hot questions (list[str]); when non-empty they replace the computed ones.
    Column("staff_hot_questions", JSON, nullable=True),
)

articles = Table(
    "articles",
    metadata,
    Column("id", ID, primary_key=True),
    Column("category_id", ID, ForeignKey("categories.id"), nullable=False, index=True),
    Column("title", String(120), nullable=False),
    Column("summary", Text, nullable=False, server_default=""),
    Column("body", Text, nullable=False),
    Column("tags", JSON, nullable=False),  # list[str]
    Column("law_refs", JSON, nullable=False),  # list[{law, article, status, effective}]
    Column("media", JSON, nullable=False),  # list[sha256]
    Column("status", String(16), nullable=False, server_default="draft"),
    Column("author_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("published_at", UTCDateTime),
    Column("review_by", Date),  # Asia/Shanghai date by which staff check it again; NULL = none set
    CheckConstraint("status IN ('draft', 'published')", name="status"),
)

institutions = Table(
    "institutions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("type", String(32), nullable=False),
    Column("name", String(200), nullable=False),
    Column("address", String(200), nullable=False),
    Column("district", String(80), nullable=False, server_default=""),
    Column("lat", Float, nullable=False),
    Column("lng", Float, nullable=False),
    Column("datum", String(8), nullable=False, server_default="gcj02"),
    Column("phone", String(40), nullable=False, server_default=""),
    Column("hours", String(200), nullable=False, server_default=""),
    Column("services", JSON, nullable=False),  # list[str]
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_institutions_district", "district"),
)

advisers = Table(
    "advisers",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(40), nullable=False),
    Column("title", String(40), nullable=False, server_default=""),
    Column("institution_id", ID, ForeignKey("institutions.id", ondelete="SET NULL")),
    Column("serves", JSON, nullable=False),  # list[str] of villages / communities
    Column("phone", String(40), nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("on_duty_now", Boolean, nullable=False, server_default=false()),
    Column("updated_at", UTCDateTime, nullable=False),
)

duty_periods = Table(
    "duty_periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "adviser_id", ID, ForeignKey("advisers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("weekday", Integer, nullable=False),  # 0 Monday .. 6 Sunday
    Column("start", String(5), nullable=False),  # "HH:MM" Asia/Shanghai
    Column("end", String(5), nullable=False),
    CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
)

adviser_leave = Table(
    "adviser_leave",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "adviser_id", ID, ForeignKey("advisers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("first_day", Date, nullable=False),  # inclusive, Asia/Shanghai dates
    Column("last_day", Date, nullable=False),
    Column("note", String(200), nullable=False, server_default=""),
)

holidays = Table(
    "holidays",
    metadata,
    # Staff's own calendar entries (Asia/Shanghai dates); they win over chinese-calendar.
    Column("day", Date, primary_key=True),
    Column("kind", String(10), nullable=False),  # holiday | workday (调休上班)
    Column("name", String(40), nullable=False, server_default=""),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("kind IN ('holiday', 'workday')", name="kind"),
)

synonyms = Table(
    "synonyms",
    metadata,
    Column("id", ID, primary_key=True),
    Column("word", String(20), nullable=False, unique=True),
    Column("targets", JSON, nullable=False),  # list[str] of content words
    Column("article_id", ID),  # a guide the word leads straight to (no foreign key: see publish)
    Column("weight", Float, nullable=False, server_default=text("0.9")),
    Column("note", String(200), nullable=False, server_default=""),  # e.g. the search it came from
    Column("updated_at", UTCDateTime, nullable=False),
)

announcements = Table(
    "announcements",
    metadata,
    Column("id", ID, primary_key=True),
    Column("title", String(120), nullable=False),
    Column("body", Text, nullable=False, server_default=""),
    Column("starts_at", UTCDateTime),
    Column("ends_at", UTCDateTime),
    Column("status", String(16), nullable=False, server_default="draft"),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('draft', 'published')", name="status"),
)

media = Table(
    "media",
    metadata,
    Column("id", String(64), primary_key=True),  # sha256 hex; bytes in <HUB_DATA>/media/<id>
    Column("mime", String(40), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("name", String(200), nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
)

# --- publishing --------------------------------------------------------------------------------
content_versions = Table(
    "content_versions",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("note", String(200), nullable=False, server_default=""),
    Column("upserts", Integer, nullable=False, server_default=text("0")),
    Column("deletes", Integer, nullable=False, server_default=text("0")),
)

content_changes = Table(
    "content_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, ForeignKey("content_versions.version"), nullable=False),
    Column("collection", String(32), nullable=False),
    Column("record_id", ID, nullable=False),
    Column("op", String(8), nullable=False),  # upsert | delete
    Column("record", JSON),  # the validated record for upserts, NULL for deletes
    CheckConstraint("op IN ('upsert', 'delete')", name="op"),
    Index("ix_content_changes_version", "version"),
)

content_published = Table(
    "content_published",
    metadata,
    Column("collection", String(32), primary_key=True),
    Column("record_id", ID, primary_key=True),
    Column("record", JSON, nullable=False),
    Column("digest", String(64), nullable=False),  # sha256 of the canonical JSON
    Column("version", Integer, nullable=False),
)

# --- terminals ---------------------------------------------------------------------------------
terminals = Table(
    "terminals",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(80), nullable=False, unique=True),
    Column("place", String(200), nullable=False, server_default=""),
    Column("district", String(80), nullable=False, server_default=""),
    Column("address", String(200), nullable=False, server_default=""),
    Column("lat", Float),
    Column("lng", Float),
    Column("datum", String(8), nullable=False, server_default="gcj02"),
    Column("village", String(80), nullable=False, server_default=""),
    Column("adviser_id", ID, ForeignKey("advisers.id", ondelete="SET NULL")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("enrolled_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    Column("app_version", String(40), nullable=False, server_default=""),
    Column("content_version", Integer, nullable=False, server_default=text("0")),
    Column("queue", Integer, nullable=False, server_default=text("0")),
    Column("doctor", JSON),  # last doctor report from a heartbeat
    # The hub keys the terminal has pinned (its heartbeat says; key rotation): current, next.
    Column("key_id", String(16)),
    Column("next_key_id", String(16)),
    # The terminal's own verdict: no fresh signed statement of the content for too long.
    Column("content_stale", Boolean),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),  # sha256 hex of the code
    Column(
        "terminal_id", String(40), ForeignKey("terminals.id", ondelete="CASCADE"), nullable=False
    ),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime),
    # Who issued it: an admin's user name, "cli" (the server operator's shell) or "demo".
    Column("issued_by", String(80)),
)

terminal_tokens = Table(
    "terminal_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 hex of the bearer token
    Column(
        "terminal_id",
        String(40),
        ForeignKey("terminals.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

heartbeats = Table(
    "heartbeats",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "terminal_id", String(40), ForeignKey("terminals.id", ondelete="CASCADE"), nullable=False
    ),
    Column("at", UTCDateTime, nullable=False),
    Column("app_version", String(40), nullable=False),
    Column("content_version", Integer, nullable=False),
    Column("queue", Integer, nullable=False),
    Column("doctor", JSON),
    Index("ix_heartbeats_terminal_id_at", "terminal_id", "at"),
)

# A command staff sent to a terminal (hub.crud.terminal_commands): handed out in heartbeat
# answers while pending or sent, then done/failed with the terminal's result (or "expired").
COMMAND_STATES = ("pending", "sent", "done", "failed")
terminal_commands = Table(
    "terminal_commands",
    metadata,
    Column("id", String(24), primary_key=True),  # "c-" + 16 hex digits
    Column(
        "terminal_id", String(40), ForeignKey("terminals.id", ondelete="CASCADE"), nullable=False
    ),
    Column("command", String(16), nullable=False),  # contract.terminal_commands.COMMANDS
    Column("state", String(8), nullable=False, server_default="pending"),
    Column("sent_by_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("sent_by", String(64), nullable=False),  # the staff username, or "cli"
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),  # first handed out in a heartbeat answer
    Column("finished_at", UTCDateTime),
    Column("ok", Boolean),
    Column("result", JSON),  # the terminal's result (bounded), or {"error": "expired"}
    CheckConstraint("state IN ('pending', 'sent', 'done', 'failed')", name="state"),
    CheckConstraint("command IN ('sync', 'doctor', 'screenshot', 'restart')", name="command"),
    Index("ix_terminal_commands_terminal_id_created_at", "terminal_id", "created_at"),
    Index("ix_terminal_commands_state_created_at", "state", "created_at"),
)

terminal_screenshots = Table(
    "terminal_screenshots",
    metadata,
    Column(
        "command_id",
        String(24),
        ForeignKey("terminal_commands.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("png", LargeBinary, nullable=False),
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# --- residents ---------------------------------------------------------------------------------
bookings = Table(
    "bookings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),  # unguessable, shown to the resident
    Column("room", String(48), nullable=False, unique=True),  # unguessable video room name
    Column("terminal_id", String(40), ForeignKey("terminals.id", ondelete="SET NULL")),
    Column("adviser_id", ID, ForeignKey("advisers.id"), nullable=False),
    Column("start", UTCDateTime, nullable=False),
    Column("end", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False, server_default="booked"),
    Column("idempotency_key", String(64), nullable=False),
    # Personal data: only here; purged (NULL) personal_data_retention_days after the slot.
    Column("resident_name", String(40)),
    Column("resident_phone", String(20)),
    Column("phone_last4", String(4)),
    Column("topic", String(200), nullable=False, server_default=""),
    Column("purged_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("cancelled_at", UTCDateTime),
    # Wrong phone digits given to cancel; CANCEL_MAX_FAILURES of them lock the booking (crud).
    Column("cancel_failures", Integer, nullable=False, server_default="0"),
    # Adviser console and reports
    Column("call_started_at", UTCDateTime),
    Column("call_ended_at", UTCDateTime),
    Column("outcome_note", Text, nullable=False, server_default=""),
    Column("rating", Integer),
    CheckConstraint(
        "status IN ('booked', 'cancelled', 'held', 'no_show', 'referred')", name="status"
    ),
    UniqueConstraint("terminal_id", "idempotency_key", name="uq_bookings_terminal_idempotency"),
    # One slot, one booking: cancelled bookings free the slot, every other status holds it.
    Index(
        "uq_bookings_adviser_start_active",
        "adviser_id",
        "start",
        unique=True,
        sqlite_where=text("status <> 'cancelled'"),
        postgresql_where=text("status <> 'cancelled'"),
    ),
    Index("ix_bookings_start", "start"),
)

# --- usage -------------------------------------------------------------------------------------
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "terminal_id", String(40), ForeignKey("terminals.id", ondelete="CASCADE"), nullable=False
    ),
    Column("event_id", String(36), nullable=False),  # the terminal's uuid
    Column("type", String(40), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("props", JSON, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    UniqueConstraint("terminal_id", "event_id", name="uq_events_terminal_event"),
    Index("ix_events_type_at", "type", "at"),
    Index("ix_events_terminal_id_at", "terminal_id", "at"),
)

page_views = Table(
    "page_views",
    metadata,
    Column("kind", String(16), primary_key=True),  # article | institution | booking
    Column("item_id", ID, primary_key=True),
    Column("day", Date, primary_key=True),  # Asia/Shanghai date
    Column("count", Integer, nullable=False, server_default=text("0")),
)

# --- video calls (hub.video) -------------------------------------------------------------------
CALL_KINDS = ("booked", "now")
CALL_OUTCOMES = ("held", "no_show", "referred")

# One row per consultation room: a booking's room (kind "booked", created when it is first
# joined or given an outcome) or a "call now" from a terminal (kind "now"). The adviser's
# monthly work record counts these rows.
calls = Table(
    "calls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "room", String(48), nullable=False, unique=True
    ),  # unguessable; a booking's room for "booked"
    Column("kind", String(8), nullable=False),
    Column("booking_id", Integer, ForeignKey("bookings.id", ondelete="SET NULL"), unique=True),
    Column("terminal_id", String(40), ForeignKey("terminals.id", ondelete="SET NULL")),
    Column("adviser_id", ID, ForeignKey("advisers.id"), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("opens_at", UTCDateTime, nullable=False),
    Column("closes_at", UTCDateTime, nullable=False),
    Column("answered_at", UTCDateTime),  # "call now": the adviser took the ringing call
    Column("started_at", UTCDateTime),  # both sides first in the room together
    Column("ended_at", UTCDateTime),  # the last side left (or hung up)
    Column("outcome", String(12)),  # held | no_show | referred, set by the adviser
    Column("note", Text, nullable=False, server_default=""),
    Column("outcome_at", UTCDateTime),
    CheckConstraint("kind IN ('booked', 'now')", name="kind"),
    CheckConstraint(
        "outcome IS NULL OR outcome IN ('held', 'no_show', 'referred')", name="outcome"
    ),
    Index("ix_calls_adviser_id_created_at", "adviser_id", "created_at"),
)

# "On duty now" periods of an adviser (switched in the adviser console): hours on duty per month.
duty_log = Table(
    "duty_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("adviser_id", ID, ForeignKey("advisers.id", ondelete="CASCADE"), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Index("ix_duty_log_adviser_id_started_at", "adviser_id", "started_at"),
)

# --- callback requests (made on a terminal while the hub was unreachable) -----------------------
callback_requests = Table(
    "callback_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("terminal_id", String(40), ForeignKey("terminals.id", ondelete="SET NULL")),
    Column("request_id", String(36), nullable=False),  # the terminal's outbox uuid (de-duplication)
    Column("adviser_id", ID, ForeignKey("advisers.id")),
    # Personal data, like bookings: purged personal_data_retention_days after it was handled.
    Column("resident_name", String(40)),
    Column("resident_phone", String(20)),
    Column("topic", String(200), nullable=False, server_default=""),
    Column("requested_at", UTCDateTime, nullable=False),  # on the terminal
    Column("received_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False, server_default="open"),
    Column("handled_at", UTCDateTime),
    Column("purged_at", UTCDateTime),
    CheckConstraint("status IN ('open', 'done')", name="status"),
    UniqueConstraint("terminal_id", "request_id", name="uq_callback_requests_terminal_request"),
    Index("ix_callback_requests_status_received_at", "status", "received_at"),
)

# --- advisers' work log and service standards (hub.crud.work_log, hub.crud.standards) -----------
# Service types as stable keys; their labels are the catalog's ``worklog.service.<key>``.
SERVICE_TYPES = (
    "duty",
    "visit",
    "consultation",
    "village_review",
    "contract_review",
    "mediation",
    "lecture",
    "risk_check",
    "legal_aid_referral",
    "report",
    "other",
)
STANDARD_MEASURES = ("count", "hours", "days")
STANDARD_PERIODS = ("week", "month", "quarter", "half_year", "year")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# One service an adviser did (一次一记): written by the adviser in the console, locked after
# ``work_log_edit_days``. ``day`` is a local date, ``start``/``end`` local "HH:MM" (optional).
work_log = Table(
    "work_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("adviser_id", ID, ForeignKey("advisers.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("service", String(24), nullable=False),
    Column("village", String(80), nullable=False),
    Column("day", Date, nullable=False),
    Column("start", String(5)),
    Column("end", String(5)),
    Column("minutes", Integer, nullable=False),
    Column("people", Integer, nullable=False, server_default=text("0")),
    Column("outcome", String(200), nullable=False, server_default=""),
    Column("note", Text, nullable=False, server_default=""),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint(_one_of("service", SERVICE_TYPES), name="service"),
    CheckConstraint("minutes >= 0 AND people >= 0", name="amounts"),
    Index("ix_work_log_adviser_id_day", "adviser_id", "day"),
)

# Photos of sign-in sheets and documents on a work-log entry: the bytes are stored once by sha256
# under ``<HUB_DATA>/work_log_photos/<sha256>`` (not with the published media: terminals never
# see them). Deleted with their entry.
work_log_photos = Table(
    "work_log_photos",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "entry_id",
        Integer,
        ForeignKey("work_log.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("sha256", String(64), nullable=False),
    Column("mime", String(16), nullable=False),  # image/jpeg | image/png
    Column("size", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("entry_id", "sha256", name="uq_work_log_photos_entry_sha256"),
    CheckConstraint("mime IN ('image/jpeg', 'image/png')", name="mime"),
)

# A district's service standard (e.g. 宁波 "六个一"): its items and the village limit per adviser.
service_standards = Table(
    "service_standards",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("district", String(80), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("village_limit", Integer),  # most villages one adviser may serve; NULL: no limit
    Column("updated_at", UTCDateTime, nullable=False),
)

standard_items = Table(
    "standard_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "standard_id",
        Integer,
        ForeignKey("service_standards.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("service", String(24), nullable=False),  # a SERVICE_TYPES key or "any"
    Column("measure", String(8), nullable=False),  # count | hours | days (distinct days)
    Column("amount", Integer, nullable=False),
    Column("per", String(12), nullable=False),
    CheckConstraint(_one_of("service", (*SERVICE_TYPES, "any")), name="service"),
    CheckConstraint(_one_of("measure", STANDARD_MEASURES), name="measure"),
    CheckConstraint(_one_of("per", STANDARD_PERIODS), name="per"),
    CheckConstraint("amount > 0", name="amount"),
)
