import pytest

from kiosk import session as s


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def idle():
    clock = Clock()
    session = s.IdleSession(idle_timeout_s=60, countdown_s=10, attract_after_s=120, clock=clock)
    return session, clock


def test_touch_starts_a_session_once(idle):
    session, _ = idle
    assert session.touch() is True
    assert session.touch() is False
    assert session.state == s.ACTIVE and session.sessions_started == 1


def test_countdown_then_reset_calls_listeners(idle):
    session, clock = idle
    cleared = []
    session.on_reset(lambda: cleared.append("search"))
    session.touch()
    clock.now = 59.9
    assert session.tick() is None
    clock.now = 60
    assert session.tick() == s.START_COUNTDOWN
    assert session.seconds_left() == 10
    clock.now = 65
    assert session.tick() is None and session.seconds_left() == 5
    clock.now = 70
    assert session.tick() == s.RESET
    assert cleared == ["search"] and session.state == s.IDLE


def test_continue_during_countdown_keeps_the_session(idle):
    session, clock = idle
    session.touch()
    clock.now = 60
    session.tick()
    session.keep_going()
    clock.now = 75
    assert session.tick() is None and session.state == s.ACTIVE


def test_attract_only_from_idle_and_touch_wakes(idle):
    session, clock = idle
    clock.now = 119
    assert session.tick() is None
    clock.now = 120
    assert session.tick() == s.SHOW_ATTRACT
    assert session.touch() is True and session.state == s.ACTIVE


def test_a_failing_listener_does_not_stop_the_others(idle):
    session, _ = idle
    done = []
    session.on_reset(lambda: 1 / 0)
    session.on_reset(lambda: done.append(True))
    session.reset()
    assert done == [True]


def test_session_length(idle):
    session, clock = idle
    clock.now = 5
    session.touch()
    clock.now = 47
    assert session.session_length_s() == 42
