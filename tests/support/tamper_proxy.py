"""A man in the middle between a kiosk and a real hub process: forwards every request to the hub
and lets a test rewrite the answer (flip a byte, cut the body, re-sign with another key, replay an
old answer). What the kiosk receives is what a hostile network could deliver."""

from __future__ import annotations

from collections.abc import Callable

import requests

from tests.support.fake_http import FakeHttp, Reply

PASSED_HEADERS = ("Authorization", "If-None-Match", "Content-Type", "Accept")
KEPT_ANSWER_HEADERS = (
    "Content-Type",
    "ETag",
    "X-Signature",
    "Retry-After",
    "X-Content-Timestamp",
    "X-Content-Timestamp-Signature",
    "X-Hub-Key-Link",  # the hub's next key while it rotates (contract.key_link)
    "X-Hub-Key-Link-Signature",
    "Date",  # the hub's clock (doctor compares the terminal's with it)
)


class TamperProxy(FakeHttp):
    """``mutate(path, reply) -> Reply`` rewrites the hub's answer; ``None`` passes it through."""

    def __init__(self, hub_url: str, mutate: Callable[[str, Reply], Reply] | None = None) -> None:
        self.hub_url = hub_url.rstrip("/")
        self.mutate = mutate
        self.session = requests.Session()
        self.seen: list[tuple[str, Reply]] = []
        super().__init__(self._forward)

    def _forward(self, method, path, query, body, headers):
        url = f"{self.hub_url}{path}" + (f"?{query}" if query else "")
        sent = {k: headers[k] for k in PASSED_HEADERS if headers.get(k)}
        answer = self.session.request(method, url, json=body, headers=sent, timeout=30)
        kept = {k: answer.headers[k] for k in KEPT_ANSWER_HEADERS if k in answer.headers}
        reply = Reply(answer.status_code, answer.content, kept)
        self.seen.append((path, reply))
        return self.mutate(path, reply) if self.mutate else reply
