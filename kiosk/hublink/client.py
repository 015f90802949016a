"""The terminal's client for the hub's terminal API (``/api/v1``, DESIGN.md's table).

It takes an injected :class:`requests.Session`, so tests run it against a real hub process on
loopback (or a small fake server for unit tests). Every call has a timeout and every download a
size bound. Failures map onto the terminal's named errors:

- no answer, a timeout, 5xx, 429, 401/403 → :class:`~kiosk.errors.HubUnavailable`
  (``retry_after_s`` set when the hub sent ``Retry-After``);
- any other 4xx on a queued item → :class:`HubRefused` (the item is poison: set it aside);
- 409/422/404 on a booking → :class:`~kiosk.errors.BookingRejected`;
- 404/409 on a call → :class:`~kiosk.errors.CallRefused` (its ``X-Reason`` header says why);
- an oversize or truncated content or media answer → :class:`~kiosk.errors.ContentRejected`.

Every JSON answer is read within :data:`MAX_JSON_BYTES`; every error has declared attributes.
"""

from __future__ import annotations

import email.utils
import logging
import time
from dataclasses import dataclass

import requests

from contract.api import API_PREFIX
from contract.freshness import TIMESTAMP_HEADER, TIMESTAMP_SIGNATURE_HEADER
from contract.key_link import LINK_HEADER, LINK_SIGNATURE_HEADER
from kiosk.errors import (
    BookingRejected,
    CallRefused,
    ContentRejected,
    HubRefused,
    HubUnavailable,
)

logger = logging.getLogger(__name__)

TIMEOUT_S = 10.0
MAX_JSON_BYTES = 2_000_000
CHUNK_BYTES = 64 * 1024
UNAVAILABLE_STATUSES = (401, 403, 408, 429)


@dataclass(frozen=True)
class ContentAnswer:
    """A ``GET /content`` answer as received: the exact body bytes and the headers that matter."""

    status: int  # 200 or 304
    body: bytes
    signature: str | None
    etag: str | None
    timestamp: str | None = None  # the signed statement of the current version (both statuses)
    timestamp_signature: str | None = None
    key_link: str | None = None  # the hub's next key, while it rotates (contract.key_link)
    key_link_signature: str | None = None


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Parse ``Retry-After`` (seconds or an HTTP date) into seconds from now, or ``None``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def unavailable(detail: str, response: requests.Response | None = None) -> HubUnavailable:
    if response is None:
        return HubUnavailable(detail)
    return HubUnavailable(
        detail,
        status=response.status_code,
        retry_after_s=retry_after_seconds(response.headers.get("Retry-After")),
    )


def _detail(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if detail is None:
        return f"HTTP {response.status_code}"
    return detail if isinstance(detail, str) else str(detail)[:300]


class HubClient:
    """Calls of the terminal API.

    :param base_url: the hub's address, e.g. ``http://127.0.0.1:8348``.
    :param session: the HTTP session to use (injected; tests pass their own).
    :param token: the terminal's bearer token (``None`` before enrollment).
    :param timeout_s: connect and read timeout of every call, in seconds.
    :param max_body_bytes: the largest content answer or media file accepted.
    """

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session,
        token: str | None = None,
        timeout_s: float = TIMEOUT_S,
        max_body_bytes: int = 50_000_000,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.token = token
        self.timeout_s = timeout_s
        self.max_body_bytes = max_body_bytes

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body=None,
        params=None,
        headers=None,
        stream=False,
        data: bytes | None = None,
    ):
        all_headers = {"Accept": "application/json"}
        if self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        all_headers.update(headers or {})
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            response = self.session.request(
                method,
                url,
                json=json_body,
                data=data,
                params=params,
                headers=all_headers,
                timeout=self.timeout_s,
                stream=stream,
            )
        except requests.RequestException as exc:
            raise unavailable(f"{method} {path}: {type(exc).__name__}") from None
        if response.status_code >= 500 or response.status_code in UNAVAILABLE_STATUSES:
            detail = _detail(response) if not stream else f"HTTP {response.status_code}"
            response.close()
            raise unavailable(f"{method} {path}: {response.status_code} {detail}", response)
        return response

    def _json(self, response: requests.Response) -> dict:
        try:
            body = read_bounded(response, MAX_JSON_BYTES)
        except ContentRejected as exc:
            raise unavailable(f"{response.url}: {exc.detail}") from None
        try:
            data = requests.models.complexjson.loads(body)
        except ValueError:
            raise unavailable(
                f"{response.request.method} {response.url}: answer is not JSON"
            ) from None
        if not isinstance(data, dict):
            raise unavailable(f"{response.url}: answer is not a JSON object")
        return data

    def _expect(self, response: requests.Response, *ok: int) -> dict:
        if response.status_code in ok:
            return self._json(response) if response.content else {}
        raise HubRefused(_detail(response), status=response.status_code)

    # -- enrollment and content ----------------------------------------------------------

    def enroll(self, code: str, name: str | None = None) -> dict:
        """``POST /enroll`` → ``{"terminal_id", "token", "public_key"}``."""
        body = {"code": code} if name is None else {"code": code, "name": name}
        return self._expect(self._request("POST", "/enroll", json_body=body), 200, 201)

    def content(
        self,
        since: int,
        *,
        etag: str | None = None,
        paged: bool = False,
        version: int | None = None,
        after: str | None = None,
    ) -> ContentAnswer:
        """``GET /content?since=V``, read as raw bytes within ``max_body_bytes``.

        ``paged`` asks for one page (a hub without pages answers the whole change set);
        ``version`` and ``after`` name the next page of a paged change set.
        """
        headers = {"If-None-Match": etag} if etag else {}
        params: dict[str, object] = {"since": since}
        if paged:
            params["paged"] = "true"
        if version is not None:
            params["version"] = version
        if after is not None:
            params["after"] = after
        response = self._request("GET", "/content", params=params, headers=headers, stream=True)
        fresh = (
            response.headers.get(TIMESTAMP_HEADER),
            response.headers.get(TIMESTAMP_SIGNATURE_HEADER),
            response.headers.get(LINK_HEADER),
            response.headers.get(LINK_SIGNATURE_HEADER),
        )
        if response.status_code == 304:
            response.close()
            return ContentAnswer(304, b"", None, response.headers.get("ETag") or etag, *fresh)
        if response.status_code != 200:
            detail = _detail(response)
            raise HubRefused(f"GET /content: {detail}", status=response.status_code)
        body = read_bounded(response, self.max_body_bytes)
        return ContentAnswer(
            200, body, response.headers.get("X-Signature"), response.headers.get("ETag"), *fresh
        )

    def media(self, sha256: str, *, max_bytes: int) -> bytes:
        """``GET /media/{sha256}``: the bytes, at most ``max_bytes`` of them (not verified here)."""
        response = self._request("GET", f"/media/{sha256}", stream=True)
        if response.status_code != 200:
            raise HubRefused(f"GET /media: {_detail(response)}", status=response.status_code)
        return read_bounded(response, min(max_bytes, self.max_body_bytes))

    # -- outbox deliveries -----------------------------------------------------------------

    def post_events(self, events: list[dict]) -> dict:
        """``POST /events`` → ``{"accepted": [ids], "duplicates": [ids]}``."""
        return self._expect(
            self._request("POST", "/events", json_body={"events": events}), 200, 201
        )

    def heartbeat(self, body: dict) -> dict:
        """``POST /heartbeat`` → ``{"server_time", "adviser_id", "commands": [{"id", "command"}]}``."""
        return self._expect(self._request("POST", "/heartbeat", json_body=body), 200, 201)

    def upload_screenshot(self, command_id: str, png: bytes) -> None:
        """``PUT /commands/{id}/screenshot`` with the PNG bytes (a screenshot command's image)."""
        response = self._request(
            "PUT",
            f"/commands/{command_id}/screenshot",
            data=png,
            headers={"Content-Type": "image/png"},
        )
        self._expect(response, 200, 204)

    def post_callback(self, body: dict) -> dict:
        """``POST /callbacks`` (a callback request made while offline; de-duplicated by ``id``)."""
        return self._expect(self._request("POST", "/callbacks", json_body=body), 200, 201)

    # -- bookings ---------------------------------------------------------------------------

    def slots(self, adviser_id: str, *, days: int = 7) -> dict:
        """``GET /advisers/{id}/slots?days=N`` → ``{"adviser_id", "slots": [...]}``."""
        response = self._request("GET", f"/advisers/{adviser_id}/slots", params={"days": days})
        if response.status_code != 200:
            raise BookingRejected(_detail(response), status=response.status_code)
        return self._json(response)

    def book(self, body: dict) -> dict:
        """``POST /bookings`` → ``{"code", "start", "end", "join_url"}``; 4xx → BookingRejected."""
        response = self._request("POST", "/bookings", json_body=body)
        if response.status_code in (200, 201):
            return self._json(response)
        raise BookingRejected(_detail(response), status=response.status_code)

    def cancel(self, code: str, phone_last4: str) -> bool:
        """``POST /bookings/{code}/cancel``; ``True`` when cancelled, ``False`` when unknown."""
        response = self._request(
            "POST", f"/bookings/{code}/cancel", json_body={"phone_last4": phone_last4}
        )
        if response.status_code == 200:
            return True
        if response.status_code == 404:
            return False
        raise BookingRejected(_detail(response), status=response.status_code)

    # -- calls ------------------------------------------------------------------------------

    def call_availability(self) -> dict:
        """``GET /calls/now`` → ``{"available": bool, "reason": str}``."""
        return self._call_answer(self._request("GET", "/calls/now"))

    def start_call(self, *, booking_code: str | None = None, lang: str | None = None) -> dict:
        """``POST /calls``: a room for "call now" (no code) or for a booking's code.

        :returns: ``{"call_id", "kind", "join_url", "adviser_name", "closes_at", "ring_seconds",
            "media_origins"}``.
        :raises CallRefused: 404/409, with the hub's reason (``X-Reason``).
        """
        body: dict = {}
        if booking_code is not None:
            body["booking_code"] = booking_code
        if lang:
            body["lang"] = lang
        return self._call_answer(self._request("POST", "/calls", json_body=body))

    def _call_answer(self, response: requests.Response) -> dict:
        if response.status_code in (404, 409):
            detail = _detail(response)
            response.close()
            raise CallRefused(
                response.headers.get("X-Reason", "not_found"),
                detail,
                opens_at=response.headers.get("X-Opens-At", ""),
            )
        return self._expect(response, 200, 201)


def _refused(reason: str, detail: str) -> ContentRejected:
    return ContentRejected(f"{reason}: {detail}", reason=reason)


def read_bounded(response: requests.Response, max_bytes: int) -> bytes:
    """Read a (streamed) body but refuse more than ``max_bytes`` or less than Content-Length."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise _refused("oversize", f"answer of {declared} bytes is over the {max_bytes}-byte limit")
    chunks, total = [], 0
    try:
        for chunk in response.iter_content(CHUNK_BYTES):
            total += len(chunk)
            if total > max_bytes:
                raise _refused("oversize", f"answer is over the {max_bytes}-byte limit")
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise _refused("truncated", f"answer cut short ({type(exc).__name__})") from None
    finally:
        response.close()
    body = b"".join(chunks)
    if (
        declared
        and declared.isdigit()
        and len(body) != int(declared)
        and not response.headers.get("Content-Encoding")
    ):
        raise _refused("truncated", f"answer cut short: {len(body)} of {declared} bytes")
    return body
