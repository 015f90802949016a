"""Read-aloud: :func:`make_speaker` gives an object with ``available``, ``reason``,
``speak(text, language)``, ``stop()`` and ``speaking``; it never blocks the caller."""

from kiosk.speech.speaker import NullSpeaker, Pyttsx3Speaker, make_speaker
from kiosk.speech.text import speakable_text

__all__ = ["NullSpeaker", "Pyttsx3Speaker", "make_speaker", "speakable_text"]
