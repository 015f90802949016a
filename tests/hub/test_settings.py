"""Hub settings: every bad value stops start-up with a sentence naming its variable."""

import os
import socket

import pytest

from hub.core.config import HubSettings, SettingsError
from tests.support.hub_process import run_cli


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({"HUB_SLOT_MINUTES": "7"}, "HUB_SLOT_MINUTES must be one of 10, 15, 20"),
        ({"HUB_SLOT_MINUTES": "half an hour"}, "HUB_SLOT_MINUTES must be a whole number"),
        ({"HUB_SLOT_DAYS_MAX": "0"}, "HUB_SLOT_DAYS_MAX must be at least 1"),
        ({"HUB_BOOKING_MIN_NOTICE_MINUTES": "-30"}, "HUB_BOOKING_MIN_NOTICE_MINUTES must be at"),
        ({"HUB_ROOM_OPENS_BEFORE_MINUTES": "-1"}, "HUB_ROOM_OPENS_BEFORE_MINUTES must be at"),
        ({"HUB_PERSONAL_DATA_RETENTION_DAYS": "0"}, "HUB_PERSONAL_DATA_RETENTION_DAYS must be"),
        ({"HUB_LOGIN_LOCKOUT_MINUTES": "-5"}, "HUB_LOGIN_LOCKOUT_MINUTES must be at least 1"),
        ({"HUB_RATE_LIMIT_BURST": "0"}, "HUB_RATE_LIMIT_BURST must be at least 1"),
        ({"HUB_MAX_EVENTS_PER_BATCH": "1e9"}, "HUB_MAX_EVENTS_PER_BATCH must be a whole number"),
        ({"HUB_SECURE_COOKIES": "maybe"}, "HUB_SECURE_COOKIES must be true or false"),
        ({"HUB_DATABASE_URL": "mysql://x"}, "HUB_DATABASE_URL must be a sqlite://"),
        ({"HUB_PUBLIC_BASE_URL": "hub.example.cn"}, "HUB_PUBLIC_BASE_URL must start with http"),
        ({"HUB_VIDEO_PROVIDER": "zoom"}, "HUB_VIDEO_PROVIDER must be one of"),
        ({"HUB_VIDEO_PROVIDER": "jitsi"}, "HUB_VIDEO_JITSI_URL must be an http(s) URL"),
        ({"HUB_VIDEO_TOKEN_MINUTES": "x"}, "HUB_VIDEO_TOKEN_MINUTES must be a whole number"),
        ({"HUB_VIDEO_RING_SECONDS": "-10"}, "HUB_VIDEO_RING_SECONDS must be at least 1"),
        ({"HUB_VIDEO_ROOM_CLOSES_AFTER_MINUTES": "-1"}, "HUB_VIDEO_ROOM_CLOSES_AFTER_MINUTES"),
        ({"HUB_VIDEO_CALL_NOW_MINUTES": "0"}, "HUB_VIDEO_CALL_NOW_MINUTES must be at least 1"),
        ({"HUB_VIDEO_TURN_URLS": "http://x"}, "HUB_VIDEO_TURN_URLS 'http://x' must start with"),
        ({"HUB_VIDEO_STUN_URLS": "turn:x"}, "HUB_VIDEO_STUN_URLS 'turn:x' must start with stun"),
    ],
)
def test_bad_values_are_refused_by_name(env, sentence):
    with pytest.raises(SettingsError) as caught:
        HubSettings.from_env(env)
    assert str(caught.value).startswith(sentence), str(caught.value)


def test_good_values_are_read_with_their_types():
    settings = HubSettings.from_env(
        {
            "HUB_DATA": "/srv/hub",
            "HUB_SLOT_MINUTES": "45",
            "HUB_SECURE_COOKIES": "yes",
            "HUB_PUBLIC_BASE_URL": "https://hub.example.cn/",
            "HUB_VIDEO_STUN_URLS": "stun:a.example.cn:3478, stun:b.example.cn",
            "HUB_VIDEO_RING_SECONDS": "60",
        }
    )
    assert settings.slot_minutes == 45 and settings.secure_cookies is True
    assert str(settings.data_dir) == "/srv/hub"
    assert settings.public_base_url == "https://hub.example.cn"
    assert settings.video.stun_urls == ("stun:a.example.cn:3478", "stun:b.example.cn")
    assert settings.video.ring_seconds == 60
    assert HubSettings.from_env({}) == HubSettings()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_a_bad_video_value_stops_at_start(tmp_path):
    env = {**os.environ, "HUB_DATA": str(tmp_path / "data")}
    env.pop("HUB_DATABASE_URL", None)
    run_cli("init", env=env)
    env["HUB_VIDEO_TOKEN_MINUTES"] = "-5"
    port = str(free_port())
    result = run_cli("serve", "--port", port, env=env, check=False)
    assert result.returncode == 2
    assert "HUB_VIDEO_TOKEN_MINUTES must be at least 1" in result.stderr
    with socket.socket() as sock:  # nothing is listening
        assert sock.connect_ex(("127.0.0.1", int(port))) != 0
