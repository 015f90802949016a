"""The composition root plugs the hub parts in: outbox-backed telemetry, booking client, sync loop."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.booking import BookingService
from kiosk.config import load_config
from kiosk.hublink.enrollment import Enrollment, save_enrollment
from kiosk.outbox import Outbox
from kiosk.services import build_services


def config_for(data):
    return load_config(data_dir=data, environ={})


def test_enrolled_terminal_gets_booking_sync_and_durable_telemetry(tmp_path):
    key = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    save_enrollment(
        tmp_path,
        Enrollment("http://127.0.0.1:1", "t-1", "token", base64.b64encode(key).decode(), 0.0),
    )
    services = build_services(config_for(tmp_path))
    try:
        assert (
            isinstance(services.booking, BookingService)
            and services.booking.client.token == "token"
        )
        assert services.sync.loop is not None and services.outbox is services.sync.outbox
        assert services.online() is False  # nothing asked the hub yet
        services.telemetry.record("search", query="工资", results=2)
        services.sync.sink.flush()
        assert [e["type"] for e in services.events] == ["search"]
        assert [i.payload["type"] for i in Outbox.open(tmp_path).items()] == ["search"]
    finally:
        services.close()


def test_terminal_not_enrolled_still_keeps_usage_but_has_no_booking(tmp_path):
    services = build_services(config_for(tmp_path))
    try:
        assert services.booking is None and services.sync.loop is None
        services.telemetry.record("screen.view", screen="home")
    finally:
        services.close()
    assert [i.payload["type"] for i in Outbox.open(tmp_path).items()] == ["screen.view"]
