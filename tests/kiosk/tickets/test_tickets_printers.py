"""The file and null printers, and the backend chosen from the configuration."""

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from kiosk.config import PrinterConfig, load_config, with_changes
from kiosk.errors import PrinterUnavailable
from kiosk.tickets import Ticket, make_printer, render_ticket
from kiosk.tickets.cups_printer import CupsPrinter
from kiosk.tickets.escpos_printer import EscposPrinter
from kiosk.tickets.printers import FilePrinter, NullPrinter


def test_file_printer_writes_pngs_into_the_data_folder(tmp_path):
    config = with_changes(
        load_config(data_dir=tmp_path, environ={}), "printer", backend="file", target=""
    )
    printer = make_printer(config)
    assert isinstance(printer, FilePrinter) and printer.folder == tmp_path / "printed"
    image = render_ticket(
        Ticket(kind="hotline", title="12348", qr_payload="tel:12348"), paper_mm=58
    )
    printer.print_image(image)
    printer.print_image(image)
    files = sorted((tmp_path / "printed").glob("ticket-*.png"))
    assert len(files) == 2
    assert [s.data.decode() for s in decode(Image.open(files[0]))] == ["tel:12348"]


def test_file_printer_reports_a_folder_it_cannot_use(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    printer = make_printer(PrinterConfig(backend="file", target=str(blocker / "sub")))
    assert printer.status().message_key == "tickets.printer.not_found"
    with pytest.raises(PrinterUnavailable):
        printer.print_image(render_ticket(Ticket(kind="hotline", title="12348"), paper_mm=58))


def test_null_printer_says_there_is_none():
    printer = make_printer(PrinterConfig(backend="none"))
    assert isinstance(printer, NullPrinter)
    assert printer.status().message_key == "tickets.printer.not_configured"
    with pytest.raises(PrinterUnavailable) as caught:
        printer.print_image(None)
    assert caught.value.message_key == "tickets.printer.not_configured"


@pytest.mark.parametrize(
    ("backend", "kind"),
    [
        ("cups", CupsPrinter),
        ("escpos_network", EscposPrinter),
        ("escpos_serial", EscposPrinter),
        ("escpos_usb", EscposPrinter),
        ("escpos_file", EscposPrinter),
    ],
)
def test_backend_comes_from_the_config(backend, kind):
    assert isinstance(make_printer(PrinterConfig(backend=backend, target="x")), kind)


def test_every_message_key_is_in_the_catalog():
    from contract.i18n import Translator

    for language in ("zh_CN", "en"):
        t = Translator(language)
        for name in (
            "ready",
            "not_configured",
            "offline",
            "paper_out",
            "cover_open",
            "no_answer",
            "not_found",
            "failed",
        ):
            assert t.has(f"tickets.printer.{name}")
