"""ESC/POS thermal printers through python-escpos: USB, serial, network (port 9100) or a device file.

The ticket goes out as one raster image (``GS v 0``) followed by a cut, so Chinese prints the
same whatever code page the printer has. Before printing, the printer's real-time status
(``DLE EOT 1/2/4``) is asked: offline, cover open and paper out become a clear
:class:`~kiosk.errors.PrinterUnavailable`; a printer that does not answer within the deadline is
reported as not answering. ``escpos_file`` (e.g. ``/dev/usb/lp0``) cannot be asked, so only its
presence is checked.

``printer.target`` per backend: ``escpos_network`` ``host[:port]``; ``escpos_serial``
``/dev/ttyUSB0[@baud]``; ``escpos_usb`` ``VENDOR:PRODUCT`` in hex (``0416:5011``);
``escpos_file`` a device path.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
import time

from escpos.capabilities import Profile, get_profile
from escpos.exceptions import Error as EscposError
from escpos.printer import Dummy
from PIL import Image

from kiosk.errors import PrinterUnavailable
from kiosk.tickets.printers import READY, PrinterStatus, run_with_deadline

logger = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER = 1, 2, 4
DEFAULT_NETWORK_PORT = 9100
DEFAULT_BAUD = 9600
BITS_PER_SERIAL_BYTE = 10
IO_SHARE_OF_TIMEOUT = 0.4  # connect and each read get this share, so both fit the deadline


class _TicketProfile(Profile):
    """python-escpos' default profile with our paper width, so it neither warns nor refuses."""

    def __init__(self, width_px: int) -> None:
        base = get_profile("default").profile_data
        super().__init__(features=dict(base["features"]))
        self.profile_data = copy.deepcopy(base)
        self.profile_data["media"] = {"dpi": 203, "width": {"mm": "Unknown", "pixels": width_px}}


def job_bytes(image: Image.Image) -> bytes:
    """The whole print job: initialise, the image as ``GS v 0`` raster, feed and full cut."""
    dummy = Dummy(profile=_TicketProfile(image.width))
    dummy.hw("INIT")
    dummy.image(image, impl="bitImageRaster", center=False)
    dummy.cut()
    return dummy.output


def _valid(byte: int) -> bool:
    """Real-time status bytes have bits 1 and 4 set and bits 0 and 7 clear."""
    return byte & 0x93 == 0x12


def decode_status(printer: int | None, cause: int | None, paper: int | None) -> PrinterStatus:
    """Turn the answers to ``DLE EOT 1``, ``2`` and ``4`` into a :class:`PrinterStatus`."""
    if printer is None:
        return PrinterStatus(False, "tickets.printer.no_answer", "no answer to the status request")
    if paper is not None and paper & 0x60:
        return PrinterStatus(False, "tickets.printer.paper_out", "paper end sensor")
    if printer & 0x08:
        if cause is not None and cause & 0x04:
            return PrinterStatus(False, "tickets.printer.cover_open", "cover open")
        if cause is not None and cause & 0x20:
            return PrinterStatus(False, "tickets.printer.paper_out", "stopped at paper end")
        return PrinterStatus(False, "tickets.printer.offline", "printer reports offline")
    near_end = paper is not None and bool(paper & 0x0C)
    return PrinterStatus(True, "tickets.printer.ready", "", paper_near_end=near_end)


def _parse_usb_target(target: str) -> tuple[int, int]:
    vendor, _, product = target.partition(":")
    try:
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise PrinterUnavailable(
            f"printer.target {target!r} is not VENDOR:PRODUCT in hex",
            message_key="tickets.printer.not_found",
        ) from None


class EscposPrinter:
    """One ESC/POS printer; every call opens the device, talks, and closes it again."""

    def __init__(self, backend: str, target: str, *, timeout_s: float = 5.0) -> None:
        self.name = backend
        self.backend = backend
        self.target = target
        self.timeout_s = timeout_s
        self._lock = threading.Lock()

    @property
    def _io_timeout_s(self) -> float:
        return max(0.2, self.timeout_s * IO_SHARE_OF_TIMEOUT)

    def _device(self):
        from escpos import printer as devices

        if not self.target:
            raise PrinterUnavailable(
                "printer.target is empty", message_key="tickets.printer.not_found"
            )
        if self.backend == "escpos_network":
            host, _, port = self.target.partition(":")
            return devices.Network(
                host, int(port or DEFAULT_NETWORK_PORT), timeout=self._io_timeout_s
            )
        if self.backend == "escpos_serial":
            path, _, baud = self.target.partition("@")
            return devices.Serial(
                path, baudrate=int(baud or DEFAULT_BAUD), timeout=self._io_timeout_s
            )
        if self.backend == "escpos_usb":
            vendor, product = _parse_usb_target(self.target)
            return devices.Usb(vendor, product, timeout=int(self._io_timeout_s * 1000))
        return devices.File(self.target)

    def _open(self, device) -> PrinterStatus | None:
        """Open the device; a status saying why when that fails."""
        try:
            device.open()
        except (EscposError, OSError, ValueError) as exc:
            key = (
                "tickets.printer.offline"
                if self.backend == "escpos_network"
                else "tickets.printer.not_found"
            )
            return PrinterStatus(False, key, f"{self.backend} {self.target}: {exc}".strip())
        return None

    def _ask(self, device, request: int) -> int | None:
        """Send ``DLE EOT request`` and read one valid status byte (``None`` when none came)."""
        device._raw(DLE_EOT + bytes((request,)))
        deadline = time.monotonic() + self._io_timeout_s
        while time.monotonic() < deadline:
            try:
                data = self._read_some(device)
            except (OSError, EscposError):
                return None
            if not data:
                if self.backend == "escpos_network":
                    return None  # the peer closed the connection
                continue
            for byte in reversed(bytes(data)):
                if _valid(byte):
                    return byte
        return None

    def _read_some(self, device) -> bytes:
        if self.backend == "escpos_serial":
            # python-escpos reads 16 bytes, which on a serial line waits out the whole timeout
            return device.device.read(1)
        return device._read()

    def _query(self, device) -> PrinterStatus:
        if self.backend == "escpos_file":
            return READY
        printer = self._ask(device, STATUS_PRINTER)
        if printer is None:
            return decode_status(None, None, None)
        paper = self._ask(device, STATUS_PAPER)
        cause = self._ask(device, STATUS_OFFLINE_CAUSE) if printer & 0x08 else None
        return decode_status(printer, cause, paper)

    def _file_presence(self) -> PrinterStatus | None:
        if self.backend != "escpos_file":
            return None
        if not self.target or not os.path.exists(self.target):
            return PrinterStatus(
                False, "tickets.printer.not_found", f"{self.target or 'no path'} does not exist"
            )
        if not os.access(self.target, os.W_OK):
            return PrinterStatus(
                False, "tickets.printer.not_found", f"{self.target} is not writable"
            )
        return None

    def _checked_open(self):
        """Open and ask the status within the deadline: ``(device, status)``."""
        missing = self._file_presence()
        if missing is not None:
            return None, missing
        try:
            device = self._device()
        except ValueError as exc:  # a port or baud rate that is not a number
            raise PrinterUnavailable(
                f"printer.target {self.target!r}: {exc}", message_key="tickets.printer.not_found"
            ) from None

        def work() -> PrinterStatus:
            failed = self._open(device)
            return failed if failed is not None else self._query(device)

        try:
            status = run_with_deadline(work, self.timeout_s, on_timeout=lambda: _close(device))
        except PrinterUnavailable:
            _close(device)
            raise
        except (OSError, EscposError) as exc:
            _close(device)
            return None, PrinterStatus(False, "tickets.printer.offline", str(exc))
        if not status.ok:
            _close(device)
            return None, status
        return device, status

    def status(self) -> PrinterStatus:
        """Ask the printer (within ``timeout_s``); never raises for an unreachable printer."""
        try:
            device, status = self._checked_open()
        except PrinterUnavailable as exc:
            return PrinterStatus(False, exc.message_key, exc.detail)
        if device is not None:
            _close(device)
        return status

    def print_image(self, image: Image.Image) -> None:
        """Check the status, then send ``image`` and a cut. Raises ``PrinterUnavailable``."""
        if not self._lock.acquire(timeout=self.timeout_s):
            raise PrinterUnavailable(
                "another ticket is still printing", message_key="tickets.printer.no_answer"
            )
        try:
            job = job_bytes(image)
            device, status = self._checked_open()
            status.raise_unless_ok()
            if status.paper_near_end:
                logger.warning("printer paper is near its end")
            self._send(device, job)
        finally:
            self._lock.release()

    def _send(self, device, job: bytes) -> None:
        budget = self.timeout_s
        if self.backend == "escpos_serial":
            budget += len(job) * BITS_PER_SERIAL_BYTE / getattr(device, "baudrate", DEFAULT_BAUD)
        try:
            run_with_deadline(lambda: device._raw(job), budget, on_timeout=lambda: _close(device))
        except (OSError, EscposError) as exc:
            raise PrinterUnavailable(str(exc), message_key="tickets.printer.failed") from None
        finally:
            _close(device)
        logger.info("ticket sent to %s (%d bytes)", self.backend, len(job))


def _close(device) -> None:
    try:
        device.close()
    except (OSError, EscposError, AttributeError):
        logger.debug("closing the printer device failed", exc_info=True)
