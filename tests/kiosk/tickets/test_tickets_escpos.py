"""ESC/POS printing: the job is a GS v 0 raster of the exact ticket plus a cut; status and deadlines
against a stand-in network printer, a closed port, a silent peer and a missing serial device."""

import socket
import time
from datetime import datetime, timedelta, timezone

import pytest
from escpos.printer import Dummy
from PIL import Image
from pyzbar.pyzbar import decode

from kiosk.config import PrinterConfig
from kiosk.errors import PrinterUnavailable
from kiosk.tickets import Ticket, make_printer, render_ticket
from kiosk.tickets.escpos_printer import decode_status, job_bytes
from tests.support.escpos_printer_server import FakeEscposPrinter

GS_V_0 = b"\x1dv0"
FULL_CUT = b"\x1dV\x00"
TIMEOUT_S = 1.5
SLACK_S = 1.5  # thread start-up and a loaded 2-core machine
PAYLOAD = "https://hub.example.cn/p/bookings/K7M2QX"


@pytest.fixture(scope="module")
def ticket_image():
    start = datetime(2026, 11, 27, 14, 30, tzinfo=timezone(timedelta(hours=8)))
    ticket = Ticket(
        kind="booking",
        title="示例律师 王某",
        qr_payload=PAYLOAD,
        place="示例社区工作室",
        start=start,
        code="K7M2QX",
    )
    return render_ticket(ticket, paper_mm=80)


def raster_images(job: bytes) -> Image.Image:
    """Rebuild the printed picture from every GS v 0 block in ``job``."""
    parts, at = [], 0
    while (at := job.find(GS_V_0, at)) != -1:
        width_bytes = job[at + 4] | job[at + 5] << 8
        height = job[at + 6] | job[at + 7] << 8
        data = job[at + 8 : at + 8 + width_bytes * height]
        # ESC/POS raster: 1 = black; Pillow "1" mode raw: 1 = white
        part = Image.frombytes("1", (width_bytes * 8, height), bytes(b ^ 0xFF for b in data))
        parts.append(part)
        at += 8 + len(data)
    whole = Image.new("1", (parts[0].width, sum(p.height for p in parts)), 1)
    y = 0
    for part in parts:
        whole.paste(part, (0, y))
        y += part.height
    return whole.convert("L")


def config(backend: str, target: str, timeout_s: float = TIMEOUT_S) -> PrinterConfig:
    return PrinterConfig(backend=backend, target=target, paper_mm=80, timeout_s=timeout_s)


def test_job_is_init_raster_and_cut(ticket_image):
    job = job_bytes(ticket_image)
    assert job.startswith(b"\x1b@")
    assert GS_V_0 in job
    assert job.rstrip(b"\x00").endswith(FULL_CUT.rstrip(b"\x00")) or FULL_CUT in job[-8:]
    assert job.index(GS_V_0) < job.rindex(b"\x1dV")


def test_dummy_printer_bytes_hold_the_raster_and_the_cut(ticket_image):
    dummy = Dummy()
    dummy._raw(job_bytes(ticket_image))
    assert GS_V_0 in dummy.output and b"\x1dV" in dummy.output[-8:]


def test_raster_is_the_ticket_dot_for_dot(ticket_image):
    printed = raster_images(job_bytes(ticket_image))
    assert printed.size == ticket_image.size
    assert printed.tobytes() == ticket_image.tobytes()
    assert [s.data.decode() for s in decode(printed)] == [PAYLOAD]


@pytest.mark.parametrize(
    ("answers", "ok", "key"),
    [
        ((0x12, None, 0x12), True, "tickets.printer.ready"),
        ((0x1A, 0x16, 0x12), False, "tickets.printer.cover_open"),
        ((0x1A, 0x32, 0x72), False, "tickets.printer.paper_out"),
        ((0x12, None, 0x72), False, "tickets.printer.paper_out"),
        ((0x1A, 0x12, 0x12), False, "tickets.printer.offline"),
        ((None, None, None), False, "tickets.printer.no_answer"),
    ],
)
def test_status_bytes_are_decoded(answers, ok, key):
    status = decode_status(*answers)
    assert (status.ok, status.message_key) == (ok, key)


def test_paper_near_end_still_prints():
    status = decode_status(0x12, None, 0x1E)
    assert status.ok and status.paper_near_end


def test_network_printer_prints_after_a_good_status(ticket_image):
    fake = FakeEscposPrinter("ok")
    try:
        printer = make_printer(config("escpos_network", fake.target))
        assert printer.status().ok
        printer.print_image(ticket_image)
        deadline = time.monotonic() + 5
        while not fake.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake.jobs[-1] == job_bytes(ticket_image)
    finally:
        fake.close()


@pytest.mark.parametrize("state", ["paper_out", "cover_open", "offline"])
def test_network_printer_problem_is_reported_then_printing_works_once_fixed(state, ticket_image):
    fake = FakeEscposPrinter(state)
    try:
        printer = make_printer(config("escpos_network", fake.target))
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_image(ticket_image)
        assert caught.value.message_key == f"tickets.printer.{state}"
        assert fake.jobs == []
        fake.state = "ok"
        printer.print_image(ticket_image)
        deadline = time.monotonic() + 5
        while not fake.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(fake.jobs) == 1 and GS_V_0 in fake.jobs[0]
    finally:
        fake.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_closed_port_is_reported_in_time(ticket_image):
    printer = make_printer(config("escpos_network", f"127.0.0.1:{closed_port()}"))
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_image(ticket_image)
    assert time.monotonic() - started < TIMEOUT_S + SLACK_S
    assert caught.value.message_key == "tickets.printer.offline"


def test_printer_that_never_answers_is_reported_in_time(ticket_image):
    fake = FakeEscposPrinter("silent")
    try:
        printer = make_printer(config("escpos_network", fake.target))
        started = time.monotonic()
        status = printer.status()
        assert (status.ok, status.message_key) == (False, "tickets.printer.no_answer")
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_image(ticket_image)
        assert time.monotonic() - started < 2 * (TIMEOUT_S + SLACK_S)
        assert caught.value.message_key == "tickets.printer.no_answer"
    finally:
        fake.close()


def test_missing_serial_device_is_reported_in_time(tmp_path, ticket_image):
    printer = make_printer(config("escpos_serial", f"{tmp_path}/ttyUSB9@115200"))
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_image(ticket_image)
    assert time.monotonic() - started < TIMEOUT_S + SLACK_S
    assert caught.value.message_key == "tickets.printer.not_found"


def test_missing_usb_printer_is_reported(ticket_image):
    status = make_printer(config("escpos_usb", "0416:5011")).status()
    assert (status.ok, status.message_key) == (False, "tickets.printer.not_found")
    bad = make_printer(config("escpos_usb", "printer-one")).status()
    assert bad.message_key == "tickets.printer.not_found"


def test_escpos_file_device_gets_the_job(tmp_path, ticket_image):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    make_printer(config("escpos_file", str(device))).print_image(ticket_image)
    assert device.read_bytes() == job_bytes(ticket_image)
    gone = make_printer(config("escpos_file", str(tmp_path / "lp9")))
    with pytest.raises(PrinterUnavailable) as caught:
        gone.print_image(ticket_image)
    assert caught.value.message_key == "tickets.printer.not_found"


class PtyPrinter:
    """A serial ESC/POS printer on a pseudo-terminal: pyserial opens the slave side like a ttyUSB."""

    def __init__(self, state: str) -> None:
        import os
        import threading
        import tty

        from tests.support.escpos_printer_server import status_byte

        self.state = state
        self.received = bytearray()
        self._master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        self._slave = slave
        self._status_byte = status_byte
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        import os
        import select

        pending = b""
        while not self._stop:
            ready, _, _ = select.select([self._master], [], [], 0.05)
            if not ready:
                continue
            try:
                pending += os.read(self._master, 65536)
            except OSError:
                return
            while pending.startswith(b"\x10\x04") and len(pending) >= 3:
                if self.state != "silent":
                    os.write(self._master, bytes((self._status_byte(self.state, pending[2]),)))
                pending = pending[3:]
            if pending and not pending.startswith(b"\x10"):
                self.received += pending
                pending = b""

    def close(self) -> None:
        import os

        self._stop = True
        time.sleep(0.1)
        os.close(self._master)
        os.close(self._slave)


@pytest.mark.parametrize("state", ["ok", "paper_out", "silent"])
def test_serial_printer_on_a_pseudo_terminal(state, ticket_image):
    printer_side = PtyPrinter(state)
    try:
        printer = make_printer(config("escpos_serial", f"{printer_side.path}@115200"))
        started = time.monotonic()
        if state == "ok":
            printer.print_image(ticket_image)
            deadline = time.monotonic() + 10
            while (
                len(printer_side.received) < len(job_bytes(ticket_image))
                and time.monotonic() < deadline
            ):
                time.sleep(0.05)
            assert bytes(printer_side.received) == job_bytes(ticket_image)
            return
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_image(ticket_image)
        assert time.monotonic() - started < TIMEOUT_S + SLACK_S
        assert (
            caught.value.message_key
            == {"paper_out": "tickets.printer.paper_out", "silent": "tickets.printer.no_answer"}[
                state
            ]
        )
        assert printer_side.received == b""
    finally:
        printer_side.close()


@pytest.mark.parametrize(
    ("backend", "target"),
    [
        ("escpos_network", "127.0.0.1:port"),
        ("escpos_serial", "/dev/ttyS0@fast"),
        ("escpos_network", ""),
    ],
)
def test_malformed_targets_are_reported_not_raised(backend, target, ticket_image):
    printer = make_printer(config(backend, target))
    assert printer.status().message_key == "tickets.printer.not_found"
    with pytest.raises(PrinterUnavailable):
        printer.print_image(ticket_image)
