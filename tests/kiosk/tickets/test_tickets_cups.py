"""CUPS printing against a real, private cupsd: a raw queue sending to an AppSocket (TCP) device,
the way a networked thermal printer is set up. Skips with the reason when cupsd cannot run here."""

import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from kiosk.config import PrinterConfig
from kiosk.errors import PrinterUnavailable
from kiosk.tickets import Ticket, make_printer, render_ticket
from tests.support.cupsd import CupsdUnavailable, add_raw_socket_queue, start_cupsd, stop_cupsd
from tests.support.escpos_printer_server import ByteCollector

PAYLOAD = "https://hub.example.cn/p/articles/labour-007"
TIMEOUT_S = 5.0
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cupsd():
    root = Path(tempfile.mkdtemp(prefix="cupsd-test-"))
    try:
        process, socket_path = start_cupsd(root)
    except CupsdUnavailable as exc:
        pytest.skip(f"no private cupsd: {exc}")
    yield process, socket_path
    stop_cupsd(process)
    subprocess.run(["rm", "-rf", str(root)], check=False)


@pytest.fixture(scope="module")
def ticket():
    return render_ticket(
        Ticket(kind="guide", title="劳动合同到期不续签", qr_payload=PAYLOAD), paper_mm=58
    )


def wait_for(collector: ByteCollector, count: int) -> None:
    deadline = time.monotonic() + 20
    while len(collector.received) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(collector.received) >= count, "the CUPS job never reached the device"


def cups(queue: str, socket_path: str):
    return make_printer(
        PrinterConfig(backend="cups", target=f"{queue}@{socket_path}", timeout_s=TIMEOUT_S)
    )


def test_ticket_goes_through_cups_to_the_device(cupsd, ticket, tmp_path):
    _, socket_path = cupsd
    device = ByteCollector()
    try:
        add_raw_socket_queue(socket_path, "tickets", device.port)
        printer = cups("tickets", socket_path)
        assert printer.status().ok
        printer.print_image(ticket)
        assert printer.last_job_id and printer.last_job_id.startswith("tickets-")
        wait_for(device, 1)
        (tmp_path / "printed.png").write_bytes(device.received[0])
        printed = Image.open(tmp_path / "printed.png")
        assert printed.size == ticket.size
        assert [s.data.decode() for s in decode(printed)] == [PAYLOAD]
    finally:
        device.close()


def test_disabled_queue_is_offline_and_prints_again_when_enabled(cupsd, ticket):
    _, socket_path = cupsd
    device = ByteCollector()
    try:
        add_raw_socket_queue(socket_path, "paused", device.port)
        subprocess.run(
            ["cupsdisable", "-h", socket_path, "-r", "paper jam", "paused"], check=True, timeout=15
        )
        printer = cups("paused", socket_path)
        status = printer.status()
        assert (status.ok, status.message_key) == (False, "tickets.printer.offline")
        with pytest.raises(PrinterUnavailable) as caught:
            printer.print_image(ticket)
        assert caught.value.message_key == "tickets.printer.offline"
        subprocess.run(["cupsenable", "-h", socket_path, "paused"], check=True, timeout=15)
        printer.print_image(ticket)
        wait_for(device, 1)
    finally:
        device.close()


def test_unknown_queue_is_not_found(cupsd):
    _, socket_path = cupsd
    status = cups("no-such-queue", socket_path).status()
    assert (status.ok, status.message_key) == (False, "tickets.printer.not_found")


def test_scheduler_gone_is_reported_in_time(tmp_path, ticket):
    printer = cups("tickets", str(tmp_path / "nobody-listens.sock"))
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_image(ticket)
    assert time.monotonic() - started < TIMEOUT_S + 1.5
    assert caught.value.message_key in ("tickets.printer.offline", "tickets.printer.no_answer")


def test_empty_queue_name_is_not_configured():
    status = make_printer(PrinterConfig(backend="cups", target="")).status()
    assert status.message_key == "tickets.printer.not_configured"
