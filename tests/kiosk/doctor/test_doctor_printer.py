"""doctor's printer line through the real printer code: a file folder and an ESC/POS network
printer (the stand-in on loopback answers real-time status like a receipt printer)."""

import dataclasses

import pytest

from kiosk.config import PrinterConfig, load_config
from kiosk.doctor import run_checks
from kiosk.doctor.probes import printer_status
from tests.support.doctor_machine import Machine
from tests.support.escpos_printer_server import FakeEscposPrinter


def printer_line(config, language="en"):
    probes = Machine().probes()
    probes.printer_status = printer_status  # the real one
    return next(c for c in run_checks(config, probes, language=language) if c.name == "printer")


def with_printer(tmp_path, **printer):
    config = load_config(None, data_dir=tmp_path, environ={})
    return dataclasses.replace(config, printer=PrinterConfig(**printer))


def test_file_printer_is_ready(tmp_path):
    line = printer_line(with_printer(tmp_path, backend="file", target=str(tmp_path / "printed")))
    assert line.ok and line.detail.startswith("file: ")


@pytest.mark.parametrize(
    ("state", "ok", "words"),
    [
        ("ok", True, ""),
        ("paper_near_end", True, "nearly used up"),
        ("paper_out", False, "paper"),
        ("cover_open", False, "cover"),
        ("silent", False, ""),
    ],
)
def test_escpos_network_printer_states(tmp_path, state, ok, words):
    printer = FakeEscposPrinter(state)
    try:
        config = with_printer(
            tmp_path, backend="escpos_network", target=printer.target, timeout_s=1.0
        )
        line = printer_line(config)
    finally:
        printer.close()
    assert line.ok is ok, line
    assert line.detail.startswith("escpos_network: ")
    assert words.lower() in line.detail.lower()
    assert not line.detail.split(": ", 1)[1].startswith("tickets.")  # translated, not a raw key
    assert line.ok or line.hint


def test_no_printer_configured_is_fine(tmp_path):
    line = printer_line(with_printer(tmp_path, backend="none"))
    assert line.ok and "turned off" in line.detail
