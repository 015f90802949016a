"""``legal-kiosk sync``: poll the hub once (content, heartbeat, outbox) or keep doing it."""

import contextlib
import json
import logging
import signal
import threading

from kiosk.hublink.link import build_hub_link

logger = logging.getLogger(__name__)

NAME = "sync"
HELP = "fetch and apply signed content from the hub and deliver the outbox (once, or --loop)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--loop", action="store_true", help="keep syncing in the background until stopped"
    )


def run(args, config) -> int:
    from kiosk.store import ContentStore

    store = ContentStore.open(config.data_dir)
    link = build_hub_link(config, store=store, background_sink=False)
    try:
        if link.loop is not None and args.loop:
            stopped = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stopped.set())
            link.loop.start()
            with contextlib.suppress(KeyboardInterrupt):
                while not stopped.wait(1.0):
                    pass
            return 0
        shown = link.sync_round()
        print(json.dumps(shown, ensure_ascii=False))
        return 0 if shown["status"] in ("updated", "unchanged") else 1
    finally:
        link.close()
        store.close()
