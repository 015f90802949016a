"""``legal-kiosk enroll --hub URL --code CODE``: make this terminal known to its hub.

The identity (terminal id, token) goes to ``<data>/enrollment.json``; the hub's address and its
pinned public key also go into ``[hub]`` of the config file, which every later command reads.
Both files are checked for write access *before* the code is redeemed: a code works once, so a
config only root may change must stop the command while the code is still good.
"""

import json
import sys
from pathlib import Path

import requests

from contract.i18n import Translator
from kiosk.config import DEFAULT_CONFIG_NAME
from kiosk.config_edit import write_strings
from kiosk.hublink.client import HubClient
from kiosk.hublink.enrollment import ENROLLMENT_FILE, enroll, load_enrollment
from kiosk.write_access import write_problem

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


def refusal(config, config_file: Path) -> str | None:
    """A sentence for the technician when a file enrolling writes cannot be written, else None."""
    targets = (
        (config_file, True),
        (Path(config.data_dir) / ENROLLMENT_FILE, False),
    )
    for target, in_place_ok in targets:
        blocker = write_problem(target, in_place_ok=in_place_ok)
        if blocker is not None:
            t = Translator(config.ui.language)
            return t("sync.enroll.cannot_write", path=str(target), blocker=str(blocker))
    return None


def run(args, config) -> int:
    if not args.hub.startswith(("http://", "https://")):
        raise SystemExit("legal-kiosk enroll: --hub must start with http:// or https://")
    config_file = config.config_file or Path(config.data_dir) / DEFAULT_CONFIG_NAME
    refused = refusal(config, config_file)
    if refused is not None:
        print(f"legal-kiosk enroll: {refused}", file=sys.stderr)
        return 1
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
    written = write_strings(
        config_file, "hub", {"url": enrollment.hub_url, "public_key": enrollment.public_key}
    )
    print(json.dumps({**enrollment.public(), "config": str(written)}, ensure_ascii=False))
    return 0
