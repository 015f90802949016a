"""Security headers for every HTML page: staff admin (``/admin``) and public phone pages (``/p/``).

Set by one ASGI middleware on every answer under those paths — pages, redirects, error pages and
CSV exports alike — so no route can forget them; a header a route set itself is kept. Pages may
never be framed (``X-Frame-Options`` and ``frame-ancestors``); the public pages load nothing but
their own style sheet, so their policy is tighter than the admin's (which runs the console's
script and opens its WebSocket).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ADMIN_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
PUBLIC_PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


def headers_for(path: str) -> dict[str, str]:
    """The headers an answer for ``path`` must carry ({} outside the pages)."""
    if path == "/admin" or path.startswith("/admin/"):
        return ADMIN_HEADERS
    if path.startswith("/p/"):
        return PUBLIC_PAGE_HEADERS
    return {}


class PageSecurityHeaders:
    """ASGI middleware adding :func:`headers_for` to each answer's start message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        wanted = headers_for(scope["path"]) if scope["type"] == "http" else {}
        if not wanted:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                for name, value in wanted.items():
                    if name.lower().encode("latin-1") not in present:
                        raw.append((name.lower().encode("latin-1"), value.encode("latin-1")))
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)
