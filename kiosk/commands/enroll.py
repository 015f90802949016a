"""``legal-kiosk enroll --hub URL --code CODE``: make this terminal known to its hub.

The identity (terminal id, token) goes to ``<data>/enrollment.json``; the hub's address and its
pinned public key also go into ``[hub]`` of the config file, which every later command reads.
"""

import json
from pathlib import Path

import requests

from kiosk.config import DEFAULT_CONFIG_NAME
from kiosk.config_edit import write_strings
from kiosk.hublink.client import HubClient
from kiosk.hublink.enrollment import enroll, load_enrollment

NAME = "enroll"
HELP = (
    "redeem a one-time enrollment code at the hub; stores terminal id, token and pinned hub key, "
    "and writes hub.url and hub.public_key into the config file"
)


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
    pinned_key = config.hub.public_key
    previous = load_enrollment(config.data_dir)
    if args.replace and previous is not None and pinned_key.strip() == previous.public_key.strip():
        # The config holds the key an earlier enrollment wrote there, not one an installer
        # pinned on purpose: moving to another hub replaces it.
        pinned_key = ""
    client = HubClient(args.hub, session=requests.Session(), timeout_s=config.hub.timeout_s)
    enrollment = enroll(
        client,
        data_dir=config.data_dir,
        code=args.code,
        name=args.name,
        pinned_key=pinned_key,
        replace=args.replace,
    )
    config_file = config.config_file or Path(config.data_dir) / DEFAULT_CONFIG_NAME
    written = write_strings(
        config_file, "hub", {"url": enrollment.hub_url, "public_key": enrollment.public_key}
    )
    print(json.dumps({**enrollment.public(), "config": str(written)}, ensure_ascii=False))
    return 0
