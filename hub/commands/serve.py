"""``legal-hub serve [--host H] [--port P] [--workers N]``: run the hub with uvicorn.

Default address 127.0.0.1:8348. With ``--workers N`` uvicorn starts N processes that each build
the app from the environment (``hub.main:create_app``); they share the database, so bookings stay
one-per-slot, while rate limits are counted per process.
"""

from __future__ import annotations

import os

import uvicorn

from hub.cli import CommandError
from hub.commands._common import open_database
from hub.core.config import DEFAULT_HOST, DEFAULT_PORT
from hub.core.log_redaction import uvicorn_log_config
from hub.main import create_app

NAME = "serve"
HELP = f"serve the hub over HTTP (default {DEFAULT_HOST}:{DEFAULT_PORT})"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address (default {DEFAULT_HOST})")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--proxy-headers", action="store_true", help="trust X-Forwarded-* from the proxy"
    )


def run(args, settings) -> int:
    engine = open_database(settings)
    if not settings.signing_key_path.exists():
        raise CommandError(f"no signing key at {settings.signing_key_path}: run `legal-hub init`")
    if args.workers < 1:
        raise CommandError("--workers must be at least 1")
    options = dict(
        host=args.host,
        port=args.port,
        proxy_headers=args.proxy_headers,
        log_level="info",
        log_config=uvicorn_log_config(),  # no room name or join token in the log
        access_log=False,
        server_header=False,
    )
    if args.workers == 1:
        uvicorn.run(create_app(settings, engine=engine), **options)
        return 0
    engine.dispose()
    # Workers are new processes: they read the settings from the environment, so --data goes there.
    os.environ["HUB_DATA"] = str(settings.data_dir.resolve())
    uvicorn.run("hub.main:create_app", factory=True, workers=args.workers, **options)
    return 0
