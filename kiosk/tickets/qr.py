"""QR codes sized for thermal paper at 203 dpi and for phones held at arm's length.

Choices (see docs/tickets-speech.md):

- Error correction **Q** (25 %) when the payload fits at :data:`MAX_VERSION`, else **M** (15 %).
  Thermal prints fade, crease and get thumbed; the links we encode are short, so Q costs little.
  Long text summaries fall back to M so that about 90 Chinese characters still fit.
- At most :data:`MAX_VERSION` (65 modules): at :data:`PRINT_MIN_BOX_PX` dots (0.625 mm) per
  module plus the 4-module quiet zone that is 365 dots — it fits the 384-dot line of 58 mm paper
  with its margins. (Version 15 would need 4-dot modules there, which zbar stopped reading from a
  blurred photo at 0.5 of print resolution; 5 dots still read at 0.4.) Links print with 8-dot
  (1 mm) modules. On screen :data:`SCREEN_BOX_PX` gives ~2 mm modules on a typical 21.5" 1080p
  panel, readable from arm's length.
- Payloads are encoded as UTF-8 bytes; the same matrix is used for the screen and the printout.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

MAX_VERSION = 12
QUIET_ZONE_MODULES = 4
PRINT_MIN_BOX_PX = 5
MAX_BYTES_AT_M = 287  # byte-mode capacity of version 12 at level M
SCREEN_BOX_PX = 8
ERROR_LEVELS = (("Q", ERROR_CORRECT_Q), ("M", ERROR_CORRECT_M))


class PayloadTooLong(ValueError):
    """The payload does not fit a QR code of :data:`MAX_VERSION` at error correction M."""


@dataclass(frozen=True)
class QrMatrix:
    """A QR code as modules: ``rows[y][x]`` is True for a dark module; quiet zone included."""

    payload: str
    version: int
    error_correction: str
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side, quiet zone included."""
        return len(self.rows)


def _fit(data: bytes, level: int) -> qrcode.QRCode | None:
    if len(data) > MAX_BYTES_AT_M:
        return None
    code = qrcode.QRCode(version=None, error_correction=level, border=QUIET_ZONE_MODULES)
    code.add_data(data)
    try:
        version = code.best_fit()
    except (DataOverflowError, ValueError):  # qrcode raises ValueError past version 40
        return None
    if version > MAX_VERSION:
        return None
    code.make(fit=False)
    return code


def fits(payload: str) -> bool:
    """True when ``payload`` fits a QR code of at most :data:`MAX_VERSION` at level M."""
    return _fit(payload.encode("utf-8"), ERROR_CORRECT_M) is not None


def qr_matrix(payload: str) -> QrMatrix:
    """Encode ``payload`` (UTF-8) with the strongest error correction that fits.

    :raises PayloadTooLong: when it does not fit even at level M and :data:`MAX_VERSION`.
    """
    if not payload:
        raise ValueError("empty QR payload")
    data = payload.encode("utf-8")
    for name, level in ERROR_LEVELS:
        code = _fit(data, level)
        if code is not None:
            rows = tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())
            return QrMatrix(payload=payload, version=code.version, error_correction=name, rows=rows)
    raise PayloadTooLong(f"{len(data)} bytes do not fit a version {MAX_VERSION} QR code")


def render_matrix(matrix: QrMatrix, box_px: int) -> Image.Image:
    """Draw ``matrix`` with ``box_px`` pixels per module: a black-and-white ``L`` image."""
    if box_px < 1:
        raise ValueError("box_px must be at least 1")
    small = Image.new("L", (matrix.size, matrix.size), 255)
    small.putdata([0 if dark else 255 for row in matrix.rows for dark in row])
    side = matrix.size * box_px
    return small.resize((side, side), Image.Resampling.NEAREST)


def qr_image(payload: str, *, box_px: int = SCREEN_BOX_PX) -> Image.Image:
    """The QR code of ``payload`` as a black-and-white ``L`` image, quiet zone included.

    :param box_px: pixels per module; :data:`SCREEN_BOX_PX` for screens, at least
        :data:`PRINT_MIN_BOX_PX` for print at 203 dpi.
    """
    return render_matrix(qr_matrix(payload), box_px)


def box_px_for_width(matrix: QrMatrix, max_width_px: int) -> int:
    """The largest whole module size that keeps the code within ``max_width_px`` (at least 1)."""
    return max(1, max_width_px // matrix.size)
