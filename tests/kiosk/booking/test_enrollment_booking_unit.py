"""Enrollment pinning and the booking client's error mapping, against a scripted server.
The same flows run against the real hub process in tests/e2e/."""

import stat

import pytest
import requests

from kiosk.booking import BookingService, clean_contact
from kiosk.errors import BookingRejected, HubUnavailable
from kiosk.hublink.client import HubClient, HubRefused
from kiosk.hublink.enrollment import EnrollmentError, enroll, load_enrollment
from kiosk.outbox import CALLBACK, Outbox
from tests.support.enroll_server import enroll_server, public_b64
from tests.support.fake_http import FakeHttp, Reply


def test_enroll_stores_a_private_file_and_pins_the_key(tmp_path):
    key = public_b64()
    with enroll_server(key) as fake:
        client = HubClient(fake.url, session=requests.Session())
        result = enroll(client, data_dir=tmp_path, code="GOOD", name="新都区示例终端")
        assert fake.requests[0]["json"] == {"code": "GOOD", "name": "新都区示例终端"}
    assert (result.terminal_id, result.token, result.public_key) == ("t-1", "secret-token", key)
    assert stat.S_IMODE((tmp_path / "enrollment.json").stat().st_mode) == 0o600
    assert load_enrollment(tmp_path) == result
    assert "token" not in result.public()


def test_a_different_hub_key_is_refused_unless_replacing(tmp_path):
    with enroll_server(public_b64()) as fake:
        enroll(HubClient(fake.url, session=requests.Session()), data_dir=tmp_path, code="GOOD")
    first = load_enrollment(tmp_path)
    other = public_b64()
    with enroll_server(other) as fake:
        client = HubClient(fake.url, session=requests.Session())
        with pytest.raises(EnrollmentError, match="pinned"):
            enroll(client, data_dir=tmp_path, code="GOOD")
        assert load_enrollment(tmp_path) == first
        assert enroll(client, data_dir=tmp_path, code="GOOD", replace=True).public_key == other
        with pytest.raises(EnrollmentError, match="hub.public_key"):
            enroll(client, data_dir=tmp_path, code="GOOD", pinned_key=public_b64(), replace=True)


def test_bad_code_is_a_clear_refusal(tmp_path):
    with (
        enroll_server(public_b64()) as fake,
        pytest.raises(HubRefused, match="unknown or used enrollment code"),
    ):
        enroll(HubClient(fake.url, session=requests.Session()), data_dir=tmp_path, code="BAD")
    assert load_enrollment(tmp_path) is None


@pytest.mark.parametrize(
    ("name", "phone", "ok"),
    [
        ("王某", "13900000101", True),
        ("王某", "028-12345678", True),
        ("王某", "139 0000 0101", True),
        ("王某", "１３９０００００１０１", True),  # full-width digits become ASCII
        ("王\u200b某", "13900000101", False),  # a zero-width space
        ("\u202e某王", "13900000101", False),  # a right-to-left override
        ("王某", "¹³⁹00000101", False),
        ("", "13900000101", False),
        ("王某", "12345", False),
        ("王某", "23900000101", False),
        ("x" * 41, "13900000101", False),
    ],
)
def test_contact_validation(name, phone, ok):
    if ok:
        assert clean_contact(name, phone)[1] in ("13900000101", "02812345678")
    else:
        with pytest.raises(BookingRejected):
            clean_contact(name, phone)


def test_booking_errors_map_to_named_errors(tmp_path):
    answers = {
        "taken": Reply(409, {"detail": "slot already booked"}),
        "bad": Reply(422, {"detail": "start: not a slot"}),
    }

    def hub(method, path, query, body, headers):
        return answers[body["topic"]]

    outbox = Outbox.open(tmp_path)
    with FakeHttp(hub) as fake:
        service = BookingService(HubClient(fake.url, session=requests.Session(), token="t"), outbox)
        for topic, detail in (("taken", "slot already booked"), ("bad", "start: not a slot")):
            with pytest.raises(BookingRejected, match=detail):
                service.book(
                    adviser_id="adv1",
                    start="2027-01-15T14:00:00+08:00",
                    name="王某",
                    phone="13900000101",
                    idempotency_key="k",
                    topic=topic,
                )


def test_hub_down_retries_once_then_offers_a_queued_callback(tmp_path):
    kicked = []
    outbox = Outbox.open(tmp_path)
    service = BookingService(
        HubClient("http://127.0.0.1:1", session=requests.Session(), token="t"),
        outbox,
        on_queued=lambda: kicked.append(1),
    )
    with pytest.raises(HubUnavailable):
        service.book(
            adviser_id="adv1",
            start="2027-01-15T14:00:00+08:00",
            name="王某",
            phone="13900000101",
            idempotency_key="k",
        )
    item_id = service.request_callback(name="王某", phone="13900000101", adviser_id="adv1")
    [item] = outbox.items()
    assert (item.id, item.kind, item.payload["phone"], kicked) == (
        item_id,
        CALLBACK,
        "13900000101",
        [1],
    )
    assert BookingService(None, outbox).hotline == "12348"
