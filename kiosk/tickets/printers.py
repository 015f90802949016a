"""Printers behind one tiny interface, chosen by ``printer.backend`` in the terminal config.

Every printer has ``status() -> PrinterStatus`` and ``print_image(image)``, which checks the
status first and raises :class:`~kiosk.errors.PrinterUnavailable` (with a ``tickets.printer.*``
message key) instead of printing into a void. No call waits longer than ``printer.timeout_s``
for a printer that does not answer: device talk runs in a worker thread with a deadline.

Backends: ``none`` (no printer), ``file`` (PNG files in a folder), ``escpos_usb``,
``escpos_serial``, ``escpos_network``, ``escpos_file`` (python-escpos, raster images) and
``cups`` (``lp -d QUEUE``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from PIL import Image

from kiosk.errors import PrinterUnavailable

logger = logging.getLogger(__name__)

PRINTED_DIR_NAME = "printed"
T = TypeVar("T")


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said: ``ok`` or why not (``message_key`` from the tickets catalog)."""

    ok: bool
    message_key: str
    detail: str = ""
    paper_near_end: bool = False

    def raise_unless_ok(self) -> None:
        if not self.ok:
            raise PrinterUnavailable(self.detail or self.message_key, message_key=self.message_key)


READY = PrinterStatus(True, "tickets.printer.ready")


class Printer(Protocol):
    name: str

    def status(self) -> PrinterStatus: ...

    def print_image(self, image: Image.Image) -> None: ...


def run_with_deadline(
    work: Callable[[], T], timeout_s: float, *, on_timeout: Callable[[], None] | None = None
) -> T:
    """Run ``work`` in a daemon thread; give up after ``timeout_s`` with ``PrinterUnavailable``.

    ``on_timeout`` (e.g. closing the socket) lets a stuck call in the thread end by itself.
    Exceptions raised by ``work`` are raised here.
    """
    outcome: dict[str, object] = {}

    def runner() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=runner, name="printer-io", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        if on_timeout is not None:
            try:
                on_timeout()
            except OSError:
                logger.debug("closing a stuck printer connection failed", exc_info=True)
        raise PrinterUnavailable(
            f"no answer within {timeout_s:g} s", message_key="tickets.printer.no_answer"
        )
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class NullPrinter:
    """``printer.backend = "none"``: the terminal has no printer; the screen offers the QR."""

    name = "none"

    def status(self) -> PrinterStatus:
        return PrinterStatus(False, "tickets.printer.not_configured", "no printer configured")

    def print_image(self, image: Image.Image) -> None:
        self.status().raise_unless_ok()


class FilePrinter:
    """``printer.backend = "file"``: each ticket becomes a PNG in a folder (development, kiosks
    without paper, audits). ``printer.target`` is the folder (default ``<data>/printed``)."""

    name = "file"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.last_path: Path | None = None
        self._count = 0

    def status(self) -> PrinterStatus:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return PrinterStatus(
                False, "tickets.printer.not_found", f"{self.folder}: {exc.strerror}"
            )
        if not self.folder.is_dir():
            return PrinterStatus(
                False, "tickets.printer.not_found", f"{self.folder} is not a folder"
            )
        return READY

    def print_image(self, image: Image.Image) -> None:
        self.status().raise_unless_ok()
        self._count += 1
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"ticket-{stamp}-{self._count}.png"
        try:
            image.save(path, format="PNG")
        except OSError as exc:
            raise PrinterUnavailable(
                f"{path}: {exc}", message_key="tickets.printer.failed"
            ) from None
        self.last_path = path
        logger.info("ticket written to %s", path)


def make_printer(config) -> Printer:
    """The printer named by the configuration.

    :param config: a :class:`~kiosk.config.KioskConfig` (its ``printer`` section and data folder)
        or just a :class:`~kiosk.config.PrinterConfig`.
    """
    section = getattr(config, "printer", config)
    data_dir = getattr(config, "data_dir", None)
    backend = section.backend
    if backend == "none":
        return NullPrinter()
    if backend == "file":
        folder = (
            Path(section.target) if section.target else Path(data_dir or ".") / PRINTED_DIR_NAME
        )
        return FilePrinter(folder)
    if backend == "cups":
        from kiosk.tickets.cups_printer import CupsPrinter

        return CupsPrinter(section.target, timeout_s=section.timeout_s)
    if backend.startswith("escpos_"):
        from kiosk.tickets.escpos_printer import EscposPrinter

        return EscposPrinter(backend, section.target, timeout_s=section.timeout_s)
    raise ValueError(f"unknown printer backend {backend!r}")
