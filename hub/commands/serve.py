"""``legal-hub serve [--host H] [--port P]``: run the hub with uvicorn (default 127.0.0.1:8348)."""

from __future__ import annotations

import uvicorn

from hub.cli import CommandError
from hub.commands._common import open_database
from hub.core.config import DEFAULT_HOST, DEFAULT_PORT
from hub.main import create_app

NAME = "serve"
HELP = f"serve the hub over HTTP (default {DEFAULT_HOST}:{DEFAULT_PORT})"


def add_arguments(parser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--proxy-headers", action="store_true", help="trust X-Forwarded-* from the proxy")


def run(args, settings) -> int:
    engine = open_database(settings)
    if not settings.signing_key_path.exists():
        raise CommandError(f"no signing key at {settings.signing_key_path}: run `legal-hub init`")
    app = create_app(settings, engine=engine)
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=args.proxy_headers,
                log_level="info", access_log=False, server_header=False)
    return 0
