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
    """The hub did not answer, or answered with a server error."""

    message_key = "error.hub_unavailable"


class BookingRejected(KioskError):
    """The hub refused a booking (slot taken, bad input, unknown booking)."""

    message_key = "error.booking_rejected"


class ContentRejected(KioskError):
    """A content update failed verification or validation and was not applied."""

    message_key = "error.content_rejected"


class PrinterUnavailable(KioskError):
    """The printer is missing, offline, out of paper or did not answer in time."""

    message_key = "error.printer_unavailable"


class SpeechUnavailable(KioskError):
    """No voice is installed, or the speech engine failed."""

    message_key = "error.speech_unavailable"


class VideoUnavailable(KioskError):
    """The call window could not be opened."""

    message_key = "error.video_unavailable"
