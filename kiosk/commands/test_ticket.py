"""``legal-kiosk test-ticket --out FILE.png``: render a sample ticket and print its QR payload."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from contract.i18n import Translator
from kiosk.local_time import now_local
from kiosk.tickets import (
    Ticket,
    article_payload,
    booking_payload,
    hotline_payload,
    make_printer,
    navigation_payload,
    render_ticket,
)

NAME = "test-ticket"
HELP = "render a sample ticket to a PNG (and optionally print it); prints the QR payload"
SAMPLE_CODE = "K7M2QX"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="FILE.png", help="where to write the ticket image"
    )
    parser.add_argument(
        "--paper", type=int, choices=(58, 80), help="paper width in mm (default: printer.paper_mm)"
    )
    parser.add_argument(
        "--language", choices=("zh_CN", "en"), help="ticket language (default: ui.language)"
    )
    parser.add_argument(
        "--kind", choices=("booking", "guide", "place", "hotline"), default="booking"
    )
    parser.add_argument(
        "--print", dest="send", action="store_true", help="also send it to the configured printer"
    )


def sample_ticket(kind: str, config, language: str) -> Ticket:
    """A ticket of ``kind`` filled with sample data and this terminal's place."""
    t = Translator(language)
    terminal = config.terminal
    if kind == "guide":
        article = {
            "id": "sample-guide",
            "title": t("tickets.sample.guide_title"),
            "summary": t("tickets.sample.guide_summary"),
        }
        payload = article_payload(config.hub.url, article, language=language)
        return Ticket(kind="guide", title=article["title"], qr_payload=payload, language=language)
    if kind == "place":
        place = {
            "name": terminal.place,
            "address": terminal.address,
            "lat": terminal.lat,
            "lng": terminal.lng,
            "datum": terminal.datum,
        }
        return Ticket(
            kind="place",
            title=terminal.place,
            place=terminal.address,
            qr_payload=navigation_payload(place),
            language=language,
        )
    if kind == "hotline":
        return Ticket(
            kind="hotline", title="12348", qr_payload=hotline_payload(), language=language
        )
    start = (now_local(config.terminal.timezone) + timedelta(days=1)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    booking = {"code": SAMPLE_CODE, "join_url": ""}
    return Ticket(
        kind="booking",
        title=t("tickets.sample.title"),
        qr_payload=booking_payload(booking, hub_url=config.hub.url, language=language),
        place=terminal.place,
        start=start,
        end=start + timedelta(minutes=30),
        code=SAMPLE_CODE,
        details=(t("tickets.sample.detail"),),
        language=language,
    )


def run(args, config) -> int:
    language = args.language or config.ui.language
    ticket = sample_ticket(args.kind, config, language)
    image = render_ticket(ticket, paper_mm=args.paper or config.printer.paper_mm)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG")
    if args.send:
        make_printer(config).print_image(image)
    print(ticket.qr_payload)
    return 0
