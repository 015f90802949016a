"""The systemd notifier talks to a real datagram socket, and is silent outside systemd."""

import os
import socket

import pytest

from kiosk.device.watchdog import Watchdog


@pytest.fixture
def listener(tmp_path):
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    yield path, sock
    sock.close()


def test_ready_ping_and_status_reach_the_socket(listener):
    path, sock = listener
    watchdog = Watchdog.from_environ({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "30000000"})
    assert watchdog.enabled
    assert watchdog.ping_interval_s == 15.0
    assert watchdog.ready("content v3")
    assert sock.recv(1024) == b"READY=1\nSTATUS=content v3"
    assert watchdog.ping()
    assert sock.recv(1024) == b"WATCHDOG=1"
    assert watchdog.status("syncing\nnow")
    assert sock.recv(1024) == b"STATUS=syncing now"
    watchdog.close()


def test_abstract_socket_address():
    name = f"legal-kiosk-test-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(b"\0" + name.encode())
    sock.settimeout(2)
    try:
        watchdog = Watchdog("@" + name)
        assert watchdog.ping()
        assert sock.recv(64) == b"WATCHDOG=1"
        watchdog.close()
    finally:
        sock.close()


def test_outside_systemd_every_call_is_a_no_op():
    watchdog = Watchdog.from_environ({})
    assert not watchdog.enabled
    assert watchdog.ping() is False
    assert watchdog.ready() is False
    assert watchdog.ping_interval_s == 10.0


def test_a_vanished_socket_is_reported_not_raised(tmp_path, caplog):
    watchdog = Watchdog(str(tmp_path / "gone.sock"), "bogus")
    assert watchdog.timeout_s is None
    assert watchdog.ping() is False
    assert watchdog.ping() is False
    assert sum("cannot notify systemd" in r.message for r in caplog.records) == 1


def test_attach_sends_ready_and_schedules_pings(listener):
    from kiosk.device.watchdog import attach

    path, sock = listener
    scheduled = []
    watchdog = attach(lambda cb, every: scheduled.append((cb, every)), status="up",
                      environ={"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "60000000"})  # fmt: skip
    assert sock.recv(64) == b"READY=1\nSTATUS=up"
    [(callback, every)] = scheduled
    assert every == 30.0
    callback(0.016)
    assert sock.recv(64) == b"WATCHDOG=1"
    watchdog.close()
    assert attach(lambda cb, every: scheduled.append(cb), environ={}).enabled is False
    assert len(scheduled) == 1
