"""``legal-kiosk pin-hash``: print the hash of a maintenance PIN for ``maintenance.pin_hash``."""

import getpass
import sys

from kiosk.pin import hash_pin

NAME = "pin-hash"
HELP = (
    "read a maintenance PIN (4-12 digits) from stdin or a prompt and print its hash for kiosk.toml"
)


def add_arguments(parser) -> None:
    pass


def run(args, config) -> int:
    pin = getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    try:
        print(hash_pin(pin))
    except ValueError as exc:
        print(f"legal-kiosk pin-hash: {exc}", file=sys.stderr)
        return 2
    return 0
