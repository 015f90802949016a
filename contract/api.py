"""Constants of the terminal API that hub and terminal must agree on (DESIGN.md, API table)."""

from __future__ import annotations

import re

API_PREFIX = "/api/v1"

# Booking and enrollment codes are read off paper tickets and typed by people: no 0/O/1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# What a terminal accepts as a booking code before asking the hub (the hub issues 10 characters).
CODE_RE = re.compile(r"^[A-Z0-9]{4,16}$")

# ``X-Reason`` values of a refused ``POST /calls`` (404/409), shared by the hub and the kiosk.
CALL_REFUSALS = ("nobody_on_duty", "all_busy", "not_found", "later", "closed", "cancelled")

# A page of ``GET /content?paged=true`` names the key it starts after and the key the next page
# starts after as ``collection:record_id`` (record ids never hold a colon).
CONTENT_CURSOR_RE = re.compile(r"^([a-z]{1,32}):([A-Za-z0-9][A-Za-z0-9_.-]{0,63})$")
