"""``legal-kiosk say TEXT --wav FILE``: write TEXT as speech (espeak-ng via pyttsx3) to a WAV."""

from __future__ import annotations

import json
import wave
from pathlib import Path

from kiosk.speech import Pyttsx3Speaker

NAME = "say"
HELP = "speak TEXT into a WAV file with the terminal's voice (Mandarin or English)"


def add_arguments(parser) -> None:
    parser.add_argument("text", metavar="TEXT", help="what to say")
    parser.add_argument("--wav", required=True, metavar="FILE", help="the WAV file to write")
    parser.add_argument(
        "--language", choices=("zh_CN", "en"), help="voice language (default: ui.language)"
    )


def run(args, config) -> int:
    speech = config.speech
    speaker = Pyttsx3Speaker(
        voices={"zh_CN": speech.voice_zh, "en": speech.voice_en}, rate_wpm=speech.rate_wpm
    )
    out = Path(args.wav)
    out.parent.mkdir(parents=True, exist_ok=True)
    speaker.speak_to_file(args.text, out, language=args.language or config.ui.language)
    with wave.open(str(out), "rb") as audio:
        seconds = audio.getnframes() / audio.getframerate()
    print(json.dumps({"wav": str(out), "seconds": round(seconds, 2)}))
    return 0
