"""The terminal's named errors.

Every error carries a ``message_key`` from the translation catalogs, so a screen can turn it
into a kind sentence and a next step without knowing where it came from.
"""


class KioskError(Exception):
    """Base of every error the terminal core raises on purpose."""

    message_key = "error.generic"

    def __init__(self, detail: str = "", *, message_key: str | None = None) -> None:
        super().__init__(detail or self.__class__.__name__)
        self.detail = detail
        if message_key is not None:
            self.message_key = message_key


class ConfigError(KioskError):
    """The configuration is missing a value or holds an invalid one."""

    message_key = "error.config"


class StoreError(KioskError):
    """The offline content store cannot be read or written."""

    message_key = "error.store"


class HubUnavailable(KioskError):
    """The hub did not answer, or answered with a server error, 401/403, 408 or 429.

    :ivar status: the HTTP status, or ``None`` when nothing answered.
    :ivar retry_after_s: seconds the hub asked to wait (``Retry-After``), or ``None``.
    """

    message_key = "error.hub_unavailable"

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        retry_after_s: float | None = None,
        message_key: str | None = None,
    ) -> None:
        super().__init__(detail, message_key=message_key)
        self.status = status
        self.retry_after_s = retry_after_s


class HubRefused(KioskError):
    """The hub refused a request with a 4xx: sending it again would not help.

    :ivar status: the HTTP status.
    """

    message_key = "error.hub_unavailable"

    def __init__(self, detail: str = "", *, status: int) -> None:
        super().__init__(detail)
        self.status = status


class BookingRejected(KioskError):
    """The hub refused a booking (slot taken, bad input, unknown booking).

    :ivar status: the HTTP status (409 taken, 422 bad input, 404 unknown), ``None`` if not known.
    """

    message_key = "error.booking_rejected"

    def __init__(
        self, detail: str = "", *, status: int | None = None, message_key: str | None = None
    ) -> None:
        super().__init__(detail, message_key=message_key)
        self.status = status


class CallRefused(KioskError):
    """The hub will not open a call now.

    :ivar reason: why, one of :data:`contract.api.CALL_REFUSALS` or ``bad_code``.
    :ivar opens_at: when a booked call's room opens (ISO 8601), for ``later``.
    """

    REASON_KEYS = {
        "nobody_on_duty": "video.kiosk.nobody_on_duty",
        "all_busy": "video.kiosk.all_busy",
        "not_found": "video.kiosk.no_such_booking",
        "later": "video.kiosk.not_open",
        "closed": "video.kiosk.closed",
        "cancelled": "video.kiosk.cancelled",
        "bad_code": "video.kiosk.code_bad",
    }

    def __init__(self, reason: str, detail: str = "", *, opens_at: str = "") -> None:
        super().__init__(
            detail or reason, message_key=self.REASON_KEYS.get(reason, "video.kiosk.offline")
        )
        self.reason = reason
        self.opens_at = opens_at


class ContentRejected(KioskError):
    """A content update failed verification or validation and was not applied.

    :ivar reason: a short key for the ``sync_rejected`` event (``oversize``, ``truncated``,
        ``bad_signature``, ``invalid_record`` …), "" when not given.
    """

    message_key = "error.content_rejected"

    def __init__(self, detail: str = "", *, reason: str = "") -> None:
        super().__init__(detail)
        self.reason = reason


class PrinterUnavailable(KioskError):
    """The printer is missing, offline, out of paper or did not answer in time."""

    message_key = "error.printer_unavailable"


class SpeechUnavailable(KioskError):
    """No voice is installed, or the speech engine failed."""

    message_key = "error.speech_unavailable"


class VideoUnavailable(KioskError):
    """No browser to open the call in, or it could not be started."""

    message_key = "video.kiosk.no_browser"
