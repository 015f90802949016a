import pytest

from kiosk.outbox.telemetry import PersonalDataRefused, Telemetry


def test_events_go_to_the_sink_with_id_type_time_and_props():
    sink = []
    event = Telemetry(sink).record("search", query="lihun", results=3)
    assert sink == [event]
    assert event["type"] == "search" and event["props"] == {"query": "lihun", "results": 3}
    assert len(event["id"]) == 32 and event["at"].endswith("+00:00")


@pytest.mark.parametrize(
    "prop",
    ["name", "phone", "resident_name", "mobile", "phone_last4", "id_card", "email", "address"],
)
def test_props_named_like_personal_data_are_refused(prop):
    sink = []
    with pytest.raises(PersonalDataRefused):
        Telemetry(sink).record("booking.made", **{prop: "x"})
    assert sink == []


@pytest.mark.parametrize(
    "props",
    [
        {"phone_number": "x"},
        {"residentPhone": "x"},
        {"resident": {"phone": "x"}},
        {"姓名": "示例"},
        {"电话": "x"},
        {"手机": "x"},
        {"身份证号": "x"},
    ],
)
def test_personal_keys_at_any_depth_and_in_chinese_are_refused(props):
    sink = []
    with pytest.raises(PersonalDataRefused):
        Telemetry(sink).record("booking.made", **props)
    assert sink == []


@pytest.mark.parametrize(
    "value",
    [
        "13800001111",
        "138 0000 1111",
        "028-0000-0101",
        "１３８００００１１１１",
        "11010519491231002X",
    ],
)
def test_phone_like_values_are_masked(value):
    event = Telemetry([]).record("search", query=f"call {value} now")
    assert event["props"]["query"] == "call *** now"


def test_bad_event_types_are_refused():
    with pytest.raises(ValueError):
        Telemetry([]).record("Bad Type")


def test_a_failing_sink_never_breaks_the_screen():
    class Broken:
        def append(self, event):
            raise OSError("disk full")

    assert Telemetry(Broken()).record("screen.view", screen="home")["type"] == "screen.view"
