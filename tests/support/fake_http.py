"""A tiny scripted HTTP server on a free loopback port, for unit tests of one client module.

The real hub process (tests/support/hub_process.py) is what feature tests use; this fake only
lets a unit test produce answers a real hub rarely gives (429 with Retry-After, a truncated
body, a tampered signature) on demand.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Reply:
    def __init__(
        self,
        status: int = 200,
        body: bytes | dict | None = None,
        headers: dict | None = None,
        *,
        cut_to: int | None = None,
    ):
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        self.status = status
        self.body = body or b""
        self.headers = {"Content-Type": "application/json", **(headers or {})}
        self.cut_to = cut_to  # send only this many bytes of the body (a truncated answer)


class FakeHttp:
    """``handler(method, path, query, json_body, headers) -> Reply``; requests are recorded."""

    def __init__(self, handler: Callable[..., Reply]) -> None:
        self.handler = handler
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                body = json.loads(raw) if raw else None
                fake.requests.append(
                    {
                        "method": self.command,
                        "path": path,
                        "query": query,
                        "json": body,
                        "headers": dict(self.headers),
                    }
                )
                reply = fake.handler(self.command, path, query, body, self.headers)
                if "Date" in reply.headers:  # the reply's own clock (a hub's, or a skewed one)
                    self.send_response_only(reply.status)
                else:
                    self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body if reply.cut_to is None else reply.body[: reply.cut_to])
                if reply.cut_to is not None:
                    self.close_connection = True

            do_GET = do_POST = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeHttp:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)
