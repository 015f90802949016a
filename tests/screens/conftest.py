"""The real kiosk app under a private Xvfb, on real demo content in a temp data folder.

One app per test session (Kivy allows one App and one window per process); each test starts
from a reset session on the home screen. Time for the idle timer and the PIN lockout comes from
a clock the tests move by hand.
"""

from __future__ import annotations

import os

import pytest

from kiosk.config import load_config
from kiosk.pin import PinGate, hash_pin
from kiosk.session import IdleSession
from tests.support.hub_process import hub_process
from tests.support.kiosk_folder import seed_demo, write_config
from tests.support.live_booking import live_booking, set_all_on_duty
from tests.support.screen_driver import TEST_PIN, Driver, FakeClock


@pytest.fixture(scope="session")
def display():
    from kiosk.device.xvfb import Xvfb

    server = Xvfb()
    number = server.start()
    yield number
    server.stop()


@pytest.fixture(scope="session")
def kiosk(tmp_path_factory, display):
    data = tmp_path_factory.mktemp("kiosk-data")
    terminal = seed_demo(data)
    config = load_config(write_config(data, terminal), data_dir=data, environ={})
    import sys

    assert "kivy" not in sys.modules, "Kivy was imported before the app fixture configured it"
    os.environ["DISPLAY"] = display
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_HOME"] = str(data / "kivy")
    from screens import launcher

    launcher.configure_kivy(config, windowed=True, size=(1920, 1080))
    from kivy.config import Config

    Config.set("graphics", "maxfps", "0")  # tests pump frames as fast as they can
    clock = FakeClock()
    ui = config.ui
    session = IdleSession(
        idle_timeout_s=ui.idle_timeout_s,
        countdown_s=ui.countdown_s,
        attract_after_s=ui.attract_after_s,
        clock=clock,
    )
    gate = PinGate(hash_pin(TEST_PIN, iterations=1000), clock=clock)
    app = launcher.build(config, session=session, pin_gate=gate)
    driver = Driver(app, clock, terminal=terminal)
    driver.start()
    yield driver
    driver.stop()


@pytest.fixture
def ui(kiosk):
    kiosk.fresh()
    return kiosk


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A real hub process on loopback for one test module (modules may define their own)."""
    with hub_process(tmp_path_factory.mktemp("screens-hub")) as running:
        yield running


@pytest.fixture
def live(ui, hub):
    """The app booking against ``hub``, every adviser off duty before and after."""
    set_all_on_duty(hub, False)
    with live_booking(ui, hub) as client:
        yield client
    set_all_on_duty(hub, False)


@pytest.fixture
def file_printer(ui, tmp_path):
    """Tickets go to PNG files in the test's folder (the printer the app had comes back)."""
    from kiosk.tickets.printers import FilePrinter

    kept = ui.app.services.printer
    ui.app.services.printer = FilePrinter(tmp_path / "printed")
    yield ui.app.services.printer
    ui.app.services.printer = kept


@pytest.fixture
def real_speech(ui):
    """``real_speech(device)`` puts the real espeak-ng speaker on the ALSA ``device`` into the
    app for one test (fails without the Mandarin voice); the app's own comes back after."""
    from kiosk.speech.speaker import Pyttsx3Speaker

    def use(audio_device: str):
        speaker = Pyttsx3Speaker(voices={"zh_CN": "cmn", "en": "en"}, audio_device=audio_device)
        if not speaker.probe():
            pytest.fail(f"espeak-ng Mandarin voice missing: {speaker.reason}")
        ui.app.services.speech = speaker
        return speaker

    kept = ui.app.services.speech
    yield use
    ui.app.stop_speaking()
    ui.app.services.speech = kept
