"""Remote commands staff send to a terminal: the names and the limits both sides hold to.

The hub hands commands out in the heartbeat answer (``"commands": [{"id", "command"}]``); the
terminal runs each once and reports it in a later heartbeat (``"done": [{"id", "ok",
"result"}]``). The terminal bounds its results with :func:`result_problem` before it reports
them, so the hub never has to refuse a heartbeat for a result (which would stop all heartbeats).
"""

from __future__ import annotations

import json

from contract.events import json_problem

# What staff can send, in the order the admin page shows the buttons.
COMMANDS = ("sync", "doctor", "screenshot", "restart")
# A command id as the hub makes it (``c-`` and 16 hex digits) — checked by both sides.
ID_PATTERN = r"^c-[0-9a-f]{16}$"
# The JSON text of one result, in bytes (a doctor report is ~3 kB).
MAX_RESULT_BYTES = 16_000
# How many ``done`` entries one heartbeat may carry (more wait for the next one).
MAX_DONE = 20
# The largest screenshot a terminal uploads (PNG bytes); a bigger one is scaled down first.
MAX_SCREENSHOT_BYTES = 3_000_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def result_problem(result: object) -> str | None:
    """Why ``result`` may not be reported as a command's result, or None when it may.

    A result is a JSON object of at most :data:`MAX_RESULT_BYTES` (as compact UTF-8 JSON) with
    finite numbers and clean text (:func:`contract.events.json_problem`).
    """
    if not isinstance(result, dict):
        return "must be a JSON object"
    try:
        size = len(json.dumps(result, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    except (TypeError, ValueError, UnicodeEncodeError):
        return "must be JSON with valid text"
    if size > MAX_RESULT_BYTES:
        return f"larger than {MAX_RESULT_BYTES} bytes"
    return json_problem(result, max_text=MAX_RESULT_BYTES)
