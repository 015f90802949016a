"""Telemetry into the outbox: ids the hub will echo, priorities, personal data refused, bursts."""

import uuid

import pytest

from contract.events import PersonalDataRefused
from kiosk.outbox import EVENT, PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_NORMAL, RATING, Outbox
from kiosk.outbox.sink import OutboxSink
from kiosk.outbox.telemetry import Telemetry


def test_events_land_durably_with_canonical_ids_and_priorities(tmp_path):
    box = Outbox.open(tmp_path)
    telemetry = Telemetry(OutboxSink(box, background=False))
    view = telemetry.record("screen.view", screen="home")
    search = telemetry.record("search", query="离婚", results=3)
    rating = telemetry.record("rating", stars=5)
    items = {i.id: i for i in Outbox.open(tmp_path).items()}
    assert set(items) == {str(uuid.UUID(e["id"])) for e in (view, search, rating)}
    by_type = {i.payload["type"]: i for i in items.values()}
    assert (
        by_type["screen.view"].priority,
        by_type["search"].priority,
        by_type["rating"].priority,
    ) == (PRIORITY_LOW, PRIORITY_NORMAL, PRIORITY_HIGH)
    assert (by_type["search"].kind, by_type["rating"].kind) == (EVENT, RATING)
    assert by_type["search"].payload == {
        "type": "search",
        "at": search["at"],
        "props": {"query": "离婚", "results": 3},
    }


def test_satisfaction_answers_are_kept_like_ratings(tmp_path):
    box = Outbox.open(tmp_path)
    telemetry = Telemetry(OutboxSink(box, background=False))
    telemetry.record("service.rated", service="guide", face="good", article_id="art-divorce")
    telemetry.record("call_rated", call_id=7, rating=5)
    items = Outbox.open(tmp_path).items()
    assert sorted((i.payload["type"], i.priority) for i in items) == [
        ("call_rated", PRIORITY_HIGH),
        ("service.rated", PRIORITY_HIGH),
    ]


def test_props_that_could_hold_a_name_or_phone_are_refused(tmp_path):
    sink = OutboxSink(Outbox.open(tmp_path), background=False)
    for prop in ("name", "resident_phone", "mobile", "id_card"):
        with pytest.raises(PersonalDataRefused):
            sink.append(
                {
                    "id": uuid.uuid4().hex,
                    "type": "booking.made",
                    "at": "2027-01-15T08:00:00+00:00",
                    "props": {prop: "x"},
                }
            )
    assert Outbox.open(tmp_path).items() == []


def test_background_writer_keeps_every_event_of_a_burst(tmp_path):
    box = Outbox.open(tmp_path)
    sink = OutboxSink(box)
    telemetry = Telemetry(sink)
    for i in range(2000):
        telemetry.record("nearby.list", type="all", results=i)
    sink.flush()
    assert box.size() == 2000
    telemetry.record("nearby.list", type="all", results=-1)  # writing goes on after a flush
    sink.flush()
    assert box.size() == 2001
