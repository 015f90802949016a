"""Keep video-room secrets out of the hub's log.

A room's name (``/call/<room>``) and its join token (``?t=…``) are both secrets: whoever reads
them can take a seat in the call. uvicorn writes the path and query of every WebSocket it
accepts or refuses (``"WebSocket /call/<room>/ws?t=…" [accepted]``, logger ``uvicorn.error``),
and its access log would write them for the call page. :class:`RedactSecrets`, set on every
handler of :func:`uvicorn_log_config`, rewrites such records before they are written:
``/call/…/ws?t=…``.
"""

from __future__ import annotations

import copy
import logging
import re

REDACTED = "…"
_ROOM_PATH = re.compile(r"(/call/)[^/?#\s\"']+")
_SECRET_QUERY = re.compile(r"([?&](?:t|token|jwt)=)[^&#\s\"']*")


def redact(text: str) -> str:
    """``text`` with room names after ``/call/`` and ``t``/``token``/``jwt`` query values cut."""
    return _SECRET_QUERY.sub(rf"\g<1>{REDACTED}", _ROOM_PATH.sub(rf"\g<1>{REDACTED}", text))


class RedactSecrets(logging.Filter):
    """A logging filter that redacts (never drops) records naming a room or a token.

    Arguments are redacted one by one, so formatters that read ``record.args`` (uvicorn's access
    formatter) keep working.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def uvicorn_log_config() -> dict:
    """uvicorn's default logging configuration with :class:`RedactSecrets` on every handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": f"{__name__}.RedactSecrets"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_secrets")
    return config
