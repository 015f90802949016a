"""CUPS printers through the command-line client: ``lpstat`` for the status, ``lp`` to print.

``printer.target`` is the queue name, optionally with a server: ``QUEUE`` or ``QUEUE@SERVER``
(``SERVER`` as for ``lp -h``: ``host[:port]`` or the path of the scheduler's socket). The ticket
is sent as a PNG with ``-o ppi=203`` so a thermal printer's CUPS driver prints it dot for dot.
"""

from __future__ import annotations

import logging
import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from kiosk.errors import PrinterUnavailable
from kiosk.tickets.printers import READY, PrinterStatus

logger = logging.getLogger(__name__)

PRINT_PPI = 203
_ALERTS = (
    ("media-empty", "tickets.printer.paper_out"),
    ("media-needed", "tickets.printer.paper_out"),
    ("cover-open", "tickets.printer.cover_open"),
    ("door-open", "tickets.printer.cover_open"),
    ("offline", "tickets.printer.offline"),
)
_NOT_FOUND_HINTS = ("invalid destination", "unknown destination", "not found", "no destinations")
_REQUEST_RE = re.compile(r"request id is (\S+)")


class CupsPrinter:
    """A CUPS queue. Each call runs ``lpstat``/``lp`` with a timeout, so nothing hangs."""

    name = "cups"

    def __init__(self, target: str, *, timeout_s: float = 5.0) -> None:
        queue, _, server = target.partition("@")
        self.queue = queue.strip()
        self.server = server.strip()
        self.timeout_s = timeout_s
        self.last_job_id: str | None = None

    def _command(self, tool: str, *args: str) -> list[str]:
        return [tool, *(["-h", self.server] if self.server else []), *args]

    def _run(self, command: list[str]) -> subprocess.CompletedProcess | PrinterStatus:
        try:
            return subprocess.run(
                command, capture_output=True, text=True, timeout=self.timeout_s, check=False
            )
        except subprocess.TimeoutExpired:
            return PrinterStatus(
                False, "tickets.printer.no_answer", f"{command[0]} took over {self.timeout_s:g} s"
            )
        except OSError as exc:
            return PrinterStatus(
                False, "tickets.printer.not_found", f"{command[0]}: {exc.strerror}"
            )

    def status(self) -> PrinterStatus:
        """The queue's state from ``lpstat -l -p QUEUE -a QUEUE``."""
        if not self.queue:
            return PrinterStatus(
                False, "tickets.printer.not_configured", "printer.target names no CUPS queue"
            )
        result = self._run(self._command("lpstat", "-l", "-p", self.queue, "-a", self.queue))
        if isinstance(result, PrinterStatus):
            return result
        output = (result.stdout + "\n" + result.stderr).strip()
        if result.returncode != 0 or not result.stdout.strip():
            if self._scheduler_down():  # lpstat then also says "invalid destination"
                return PrinterStatus(
                    False, "tickets.printer.offline", "the CUPS scheduler is not running"
                )
            if any(hint in output.lower() for hint in _NOT_FOUND_HINTS):
                return PrinterStatus(False, "tickets.printer.not_found", output)
            return PrinterStatus(False, "tickets.printer.offline", output or "lpstat failed")
        return _status_from_lpstat(self.queue, result.stdout)

    def _scheduler_down(self) -> bool:
        result = self._run(self._command("lpstat", "-r"))
        return isinstance(result, PrinterStatus) or "not running" in result.stdout + result.stderr

    def print_image(self, image: Image.Image) -> None:
        """Send ``image`` to the queue with ``lp``; raises ``PrinterUnavailable``."""
        self.status().raise_unless_ok()
        with tempfile.TemporaryDirectory(prefix="ticket-") as folder:
            path = Path(folder) / "ticket.png"
            image.save(path, format="PNG", dpi=(PRINT_PPI, PRINT_PPI))
            command = self._command(
                "lp", "-d", self.queue, "-t", "ticket", "-o", f"ppi={PRINT_PPI}", str(path)
            )
            result = self._run(command)
        if isinstance(result, PrinterStatus):
            result.raise_unless_ok()
            return
        if result.returncode != 0:
            raise PrinterUnavailable(
                (result.stderr or result.stdout).strip(), message_key="tickets.printer.failed"
            )
        found = _REQUEST_RE.search(result.stdout)
        self.last_job_id = found.group(1) if found else None
        logger.info("ticket sent to CUPS queue %s as %s", self.queue, self.last_job_id)


def _status_from_lpstat(queue: str, text: str) -> PrinterStatus:
    lowered = text.lower()
    for marker, key in _ALERTS:
        if marker in lowered:
            return PrinterStatus(False, key, _first_line(text))
    if (
        f"printer {queue.lower()} disabled" in lowered
        or f"printer {queue.lower()} is disabled" in lowered
    ):
        return PrinterStatus(False, "tickets.printer.offline", _first_line(text))
    if "not accepting" in lowered:
        return PrinterStatus(False, "tickets.printer.offline", _first_line(text))
    return READY


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
