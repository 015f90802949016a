"""``legal-kiosk test-ticket``: the PNG it writes decodes to the payload it prints."""

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

ROOT = Path(__file__).resolve().parents[3]


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("paper", ["58", "80"])
@pytest.mark.parametrize("kind", ["booking", "guide", "place", "hotline"])
def test_test_ticket_writes_the_image_and_prints_its_payload(tmp_path, paper, kind):
    out = tmp_path / "ticket.png"
    result = run_cli(
        "test-ticket", "--out", str(out), "--paper", paper, "--kind", kind, "--data", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    image = Image.open(out)
    assert image.width == {"58": 384, "80": 576}[paper]
    payload = result.stdout[:-1]  # one trailing newline
    assert [s.data.decode("utf-8") for s in decode(image)] == [payload]


def test_test_ticket_uses_the_hub_url_and_can_print(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text(
        '[hub]\nurl = "https://hub.example.cn"\n[printer]\nbackend = "file"\ntarget = "%s"\n'
        % (tmp_path / "out"),
        encoding="utf-8",
    )
    result = run_cli(
        "test-ticket",
        "--out",
        str(tmp_path / "t.png"),
        "--config",
        str(config),
        "--print",
        "--language",
        "en",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "https://hub.example.cn/p/bookings/K7M2QX\n"
    printed = list((tmp_path / "out").glob("ticket-*.png"))
    assert len(printed) == 1
    assert (
        printed[0].read_bytes()
        and Image.open(printed[0]).tobytes() == Image.open(tmp_path / "t.png").tobytes()
    )


def test_test_ticket_reports_an_unusable_printer(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[printer]\nbackend = "none"\n', encoding="utf-8")
    result = run_cli(
        "test-ticket", "--out", str(tmp_path / "t.png"), "--config", str(config), "--print"
    )
    assert result.returncode == 1
    assert "no printer configured" in result.stderr


def test_test_ticket_prints_on_a_network_escpos_printer(tmp_path):
    import time

    from tests.support.escpos_printer_server import FakeEscposPrinter

    printer = FakeEscposPrinter("ok")
    try:
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'[printer]\nbackend = "escpos_network"\ntarget = "{printer.target}"\npaper_mm = 58\n',
            encoding="utf-8",
        )
        result = run_cli(
            "test-ticket", "--out", str(tmp_path / "t.png"), "--config", str(config), "--print"
        )
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 10
        while not printer.jobs and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(printer.jobs) == 1 and b"\x1dv0" in printer.jobs[0]
        printer.state = "paper_out"
        result = run_cli(
            "test-ticket", "--out", str(tmp_path / "t.png"), "--config", str(config), "--print"
        )
        assert result.returncode == 1 and "paper end" in result.stderr
    finally:
        printer.close()
