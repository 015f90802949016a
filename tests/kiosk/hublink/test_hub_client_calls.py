"""The one hub client also asks for call rooms: same bounds, same Retry-After, same errors."""

import pytest
import requests

from kiosk.errors import CallRefused, HubUnavailable
from kiosk.hublink.client import MAX_JSON_BYTES, HubClient
from kiosk.video import RecordingLauncher
from kiosk.video.calls import VideoService
from tests.support.fake_http import FakeHttp, Reply

ROOM = {
    "call_id": 7,
    "kind": "booked",
    "join_url": "http://hub.example/call/r?t=resident.x",
    "adviser_name": "示例顾问",
    "closes_at": "2026-12-02T10:30:00+08:00",
    "ring_seconds": 0,
    "media_origins": ["http://hub.example"],
}


def client_for(reply: Reply) -> tuple[FakeHttp, HubClient]:
    fake = FakeHttp(lambda *_args: reply)
    return fake, HubClient(fake.url, session=requests.Session(), token="tok", timeout_s=5)


def test_a_room_comes_back_through_the_video_service():
    fake, client = client_for(Reply(201, ROOM))
    with fake:
        room = VideoService(client=client, launcher=RecordingLauncher()).start(
            booking_code="abcd-efgh-23", lang="zh_CN"
        )
    assert room.call_id == 7 and room.media_origins == ("http://hub.example",)
    assert fake.requests[0]["path"] == "/api/v1/calls"
    assert fake.requests[0]["json"] == {"booking_code": "ABCDEFGH23", "lang": "zh_CN"}
    assert fake.requests[0]["headers"]["Authorization"] == "Bearer tok"


@pytest.mark.parametrize("status", [404, 409])
def test_a_refusal_carries_the_hubs_reason(status):
    headers = {"X-Reason": "later", "X-Opens-At": "2026-12-03T09:55:00+08:00"}
    fake, client = client_for(Reply(status, {"detail": "not yet"}, headers))
    with fake, pytest.raises(CallRefused) as caught:
        client.start_call(booking_code="ABCDEFGH23")
    assert caught.value.reason == "later"
    assert caught.value.opens_at == "2026-12-03T09:55:00+08:00"
    assert caught.value.message_key == "video.kiosk.not_open"


def test_busy_hub_says_when_to_come_back():
    fake, client = client_for(Reply(429, {"detail": "slow down"}, {"Retry-After": "30"}))
    with fake:
        with pytest.raises(HubUnavailable) as caught:
            client.call_availability()
        video = VideoService(client=client, launcher=RecordingLauncher())
        assert video.can_call_now() == (False, "offline")
    assert (caught.value.status, caught.value.retry_after_s) == (429, 30.0)


def test_an_oversize_answer_is_not_read():
    fake, client = client_for(Reply(200, b"{" + b" " * (MAX_JSON_BYTES + 10) + b"}"))
    with fake, pytest.raises(HubUnavailable, match="limit"):
        client.call_availability()


def test_a_malformed_room_is_the_hub_failing():
    fake, client = client_for(Reply(201, {"call_id": "seven"}))
    with fake, pytest.raises(HubUnavailable, match="malformed"):
        VideoService(client=client, launcher=RecordingLauncher()).start()


def test_a_typo_in_the_code_never_reaches_the_hub():
    fake, client = client_for(Reply(201, ROOM))
    with fake, pytest.raises(CallRefused) as caught:
        VideoService(client=client, launcher=RecordingLauncher()).start(booking_code="?")
    assert caught.value.reason == "bad_code" and fake.requests == []
