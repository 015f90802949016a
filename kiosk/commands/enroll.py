"""``legal-kiosk enroll --hub URL --code CODE``: make this terminal known to its hub."""

import json

import requests

from kiosk.hublink.client import HubClient
from kiosk.hublink.enrollment import enroll

NAME = "enroll"
HELP = "redeem a one-time enrollment code at the hub; stores terminal id, token and pinned hub key"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--hub", required=True, metavar="URL", help="the hub's address, e.g. http://127.0.0.1:8348"
    )
    parser.add_argument(
        "--code", required=True, help="the one-time code from the hub's admin (Terminals page)"
    )
    parser.add_argument(
        "--name", help="terminal name to report to the hub (default: the configured name)"
    )
    parser.add_argument(
        "--replace", action="store_true", help="accept a hub with a different key (moving hubs)"
    )


def run(args, config) -> int:
    if not args.hub.startswith(("http://", "https://")):
        raise SystemExit("legal-kiosk enroll: --hub must start with http:// or https://")
    client = HubClient(args.hub, session=requests.Session(), timeout_s=config.hub.timeout_s)
    enrollment = enroll(
        client,
        data_dir=config.data_dir,
        code=args.code,
        name=args.name,
        pinned_key=config.hub.public_key,
        replace=args.replace,
    )
    print(json.dumps(enrollment.public(), ensure_ascii=False))
    return 0
