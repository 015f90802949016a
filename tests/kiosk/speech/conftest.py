import pytest

from kiosk.speech import Pyttsx3Speaker


@pytest.fixture(scope="module")
def speaker():
    # the real engine and the real aplay, playing into ALSA's null device (no sound card here)
    made = Pyttsx3Speaker(voices={"zh_CN": "cmn", "en": "en"}, audio_device="null")
    if not made.probe():
        pytest.skip(f"no Mandarin voice here: {made.reason}")
    return made
