"""One real content sync as its own process, counting the ``GET /content`` requests it sends.

    python -m tests.support.paged_sync_driver DATA_DIR [--stop-before N]

The real Syncer (built by ``build_hub_link`` from the data folder's config and enrollment, hub
URL from ``LEGAL_KIOSK_HUB_URL``) syncs once. Every content request prints a JSON line
``{"request": n, "params": {...}}``; with ``--stop-before N`` the process prints
``{"waiting": N}`` instead of sending request N and sleeps, so a test can SIGKILL it at a known
point between two pages. At the end it prints ``{"status", "version", "requests"}``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import requests


class CountingSession(requests.Session):
    def __init__(self, stop_before: int | None) -> None:
        super().__init__()
        self.stop_before = stop_before
        self.content_requests = 0

    def request(self, method, url, *args, **kwargs):
        if url.endswith("/api/v1/content"):
            self.content_requests += 1
            if self.content_requests == self.stop_before:
                print(json.dumps({"waiting": self.content_requests}), flush=True)
                time.sleep(600)
            params = {k: str(v) for k, v in (kwargs.get("params") or {}).items()}
            print(json.dumps({"request": self.content_requests, "params": params}), flush=True)
        return super().request(method, url, *args, **kwargs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--stop-before", type=int)
    args = parser.parse_args(argv)

    from kiosk.config import load_config
    from kiosk.hublink.link import build_hub_link
    from kiosk.store import ContentStore

    environ = {k: v for k, v in os.environ.items() if k != "LEGAL_KIOSK_DATA"}
    config = load_config(data_dir=args.data_dir, environ=environ)
    session = CountingSession(args.stop_before)
    store = ContentStore.open(config.data_dir)
    link = build_hub_link(config, store=store, session=session, background_sink=False)
    try:
        result = link.syncer.sync_once()
    finally:
        link.close()
        store.close()
    print(
        json.dumps(
            {
                "status": result.status,
                "version": result.version,
                "reason": result.reason,
                "requests": session.content_requests,
            }
        ),
        flush=True,
    )
    return 0 if result.status in ("updated", "unchanged") else 3


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
