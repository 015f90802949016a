"""The call-window launcher with a recording fake process, the video service with the recording
launcher, and the Chromium profile rules (camera and microphone for the hub's origin only)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import threading

import pytest

from kiosk.outbox.telemetry import Telemetry
from kiosk.video import (
    ChromiumLauncher,
    RecordingLauncher,
    VideoUnavailable,
    managed_policy,
    origin_of,
    profile_preferences,
)
from kiosk.video.calls import CallRefused, CallRoom, VideoService, normalize_code

URL = "https://hub.example.cn/call/AbCdEf?t=resident.1.x"


class FakeProcess:
    """Stands in for a browser process: ``exit()`` ends it; ``wait(timeout)`` honours the timeout."""

    def __init__(self, argv, **kwargs):
        self.argv, self.kwargs = argv, kwargs
        self.returncode = None
        self.terminated = False
        self._done = threading.Event()

    def poll(self):
        return self.returncode

    def exit(self, code=0):
        self.returncode = code
        self._done.set()

    def wait(self, timeout=None):
        if not self._done.wait(timeout):
            raise subprocess.TimeoutExpired("chromium", timeout)
        return self.returncode

    def terminate(self):
        self.terminated = True
        self.exit(-15)

    def kill(self):
        self.exit(-9)


class FakePopen:
    def __init__(self):
        self.started = []

    def __call__(self, argv, **kwargs):
        process = FakeProcess(argv, **kwargs)
        self.started.append(process)
        return process


def test_origins_and_profile_rules():
    assert origin_of(URL) == "https://hub.example.cn"
    assert origin_of("http://127.0.0.1:8348/call/x") == "http://127.0.0.1:8348"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "hub.example.cn/call"):
        with pytest.raises(ValueError):
            origin_of(bad)
    prefs = profile_preferences(["https://hub.example.cn/call/x", "https://meet.example.cn"])
    exceptions = prefs["profile"]["content_settings"]["exceptions"]
    assert exceptions["media_stream_camera"] == {
        "https://hub.example.cn,*": {"setting": 1},
        "https://meet.example.cn,*": {"setting": 1},
    }
    assert exceptions["media_stream_mic"] == exceptions["media_stream_camera"]
    assert prefs["profile"]["default_content_setting_values"]["media_stream_camera"] == 2
    policy = managed_policy(["https://hub.example.cn/p/x"])
    assert (
        policy["VideoCaptureAllowedUrls"]
        == policy["AudioCaptureAllowedUrls"]
        == ["https://hub.example.cn"]
    )


def test_launcher_opens_an_app_window_with_a_fresh_profile_and_reports_the_close(tmp_path):
    popen = FakePopen()
    launcher = ChromiumLauncher("/usr/bin/chromium", popen=popen, temp_root=tmp_path)
    results = []
    closed = threading.Event()
    window = launcher.open(
        URL, on_closed=lambda r: (results.append(r), closed.set()), max_seconds=30
    )
    process = popen.started[0]
    argv = process.argv
    assert argv[0] == "/usr/bin/chromium" and argv[1] == f"--app={URL}"
    assert (
        "--kiosk" in argv and "--lang=zh-CN" in argv and process.kwargs["start_new_session"] is True
    )
    assert not any("fake-ui" in arg or "fake-device" in arg for arg in argv)
    profile = window.profile_dir
    assert f"--user-data-dir={profile}" in argv and profile.parent == tmp_path
    prefs = json.loads((profile / "Default" / "Preferences").read_text())
    assert list(prefs["profile"]["content_settings"]["exceptions"]["media_stream_camera"]) == [
        "https://hub.example.cn,*"
    ]
    assert window.running and not results
    process.exit(0)
    assert closed.wait(5)
    assert results[0].reason == "closed" and results[0].exit_code == 0
    assert not profile.exists()  # nothing of this resident is left for the next


def test_launcher_kills_a_window_that_overstays_and_reports_stops(tmp_path):
    popen = FakePopen()
    launcher = ChromiumLauncher("/usr/bin/chromium", popen=popen, temp_root=tmp_path)
    results, done = [], threading.Event()
    launcher.open(URL, on_closed=lambda r: (results.append(r), done.set()), max_seconds=0.2)
    assert done.wait(5) and results[0].reason == "timeout" and popen.started[0].terminated
    done.clear()
    window = launcher.open(URL, on_closed=lambda r: (results.append(r), done.set()), max_seconds=30)
    window.close()
    assert done.wait(5) and results[1].reason == "stopped"


def test_launcher_says_when_the_browser_cannot_start(tmp_path):
    def broken(argv, **kwargs):
        raise FileNotFoundError(argv[0])

    launcher = ChromiumLauncher("/nonexistent/chromium", popen=broken, temp_root=tmp_path)
    with pytest.raises(VideoUnavailable) as refused:
        launcher.open(URL, on_closed=lambda r: None)
    assert refused.value.message_key == "video.kiosk.no_browser"
    assert list(tmp_path.iterdir()) == []


class ScriptedClient:
    def __init__(self, answer=None, error=None):
        self.answer, self.error, self.asked = answer, error, []

    def start_call(self, **kwargs):
        self.asked.append(kwargs)
        if self.error:
            raise self.error
        return self.answer


def test_video_service_opens_the_room_and_queues_the_rating():
    room = CallRoom(
        call_id=7,
        kind="now",
        join_url=URL,
        adviser_name="王律师（示例）",
        closes_at="",
        ring_seconds=120,
        media_origins=("https://hub.example.cn",),
    )
    events = []
    launcher = RecordingLauncher()
    service = VideoService(
        client=ScriptedClient(dataclasses.asdict(room)),
        launcher=launcher,
        telemetry=Telemetry(events),
    )
    assert service.start(lang="zh_CN") == room
    ended = []
    service.open(room, ended.append)
    assert launcher.opened == [(URL, ["https://hub.example.cn"], 3900.0)]
    launcher.finish("closed", seconds=95.0)
    assert ended[0].reason == "closed"
    service.rate(7, 5)
    with pytest.raises(ValueError):
        service.rate(7, 6)
    assert [(e["type"], e["props"]) for e in events] == [
        ("call_opened", {"call_id": 7, "kind": "now"}),
        ("call_closed", {"call_id": 7, "kind": "now", "reason": "closed", "seconds": 95.0}),
        ("call_rated", {"call_id": 7, "rating": 5}),
    ]


def test_refusals_carry_the_sentence_to_show():
    assert normalize_code(" ab2c-d3ef 45 ") == "AB2CD3EF45"
    assert CallRefused("nobody_on_duty").message_key == "video.kiosk.nobody_on_duty"
    assert (
        CallRefused("later", opens_at="2026-11-22T14:20:00+08:00").message_key
        == "video.kiosk.not_open"
    )
    assert CallRefused("something_new").message_key == "video.kiosk.offline"
    unenrolled = VideoService(client=None, launcher=RecordingLauncher())
    assert unenrolled.can_call_now() == (False, "offline")
    no_browser = VideoService(client=ScriptedClient(), launcher=None)
    assert no_browser.can_call_now() == (False, "no_browser") and not no_browser.available
