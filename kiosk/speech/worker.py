"""Synthesis of one chunk of speech in its own short-lived process: ``python -m kiosk.speech.worker``.

pyttsx3's engine can hang on its second ``runAndWait()`` (pyttsx3#126), so the terminal never
reuses one: each chunk is synthesised here to a WAV with pyttsx3's espeak driver, under a
timeout, and the process is killed on stop. Playback is a separate player process
(:func:`find_player`: ``aplay``, ``paplay`` or ``pw-play``) started by the speaker.

``--list-voices`` prints the installed voices as JSON (used to tell whether a voice exists).
Exit codes: 0 done, 3 voice missing, 4 engine failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import threading
from pathlib import Path

PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",))
EXIT_NO_VOICE, EXIT_ENGINE = 3, 4


def find_player() -> list[str] | None:
    for name, *args in PLAYERS:
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


def player_for(device: str | None) -> list[str] | None:
    """The playback command for ``device`` (an ALSA name for ``aplay -D``; ``None``/``""``: the
    system default). paplay and pw-play play to their server's default sink whatever the device."""
    player = find_player()
    if player and device and Path(player[0]).name == "aplay":
        player = [*player, "-D", device]
    return player


def _engine():
    import pyttsx3

    with contextlib.redirect_stdout(io.StringIO()):
        return pyttsx3.init("espeak")


def list_voices() -> list[dict]:
    engine = _engine()
    return [
        {"id": v.id, "name": v.name, "languages": list(v.languages or [])}
        for v in engine.getProperty("voices")
    ]


def matches(voice: dict, wanted: str) -> bool:
    """True when an installed voice is the wanted one (``cmn`` matches ``sit/cmn``)."""
    wanted = wanted.lower()
    return (
        voice["id"] == wanted or voice["id"].endswith("/" + wanted) or wanted in voice["languages"]
    )


def synthesise(text: str, voice: str, rate_wpm: int, out: Path, timeout_s: float = 600.0) -> int:
    engine = _engine()
    chosen = next(
        (
            v
            for v in engine.getProperty("voices")
            if matches({"id": v.id, "languages": list(v.languages or [])}, voice)
        ),
        None,
    )
    if chosen is None:
        return EXIT_NO_VOICE
    engine.setProperty("voice", chosen.id)
    engine.setProperty("rate", rate_wpm)
    # espeak synthesises on its own thread in retrieval mode and pyttsx3's runAndWait can return
    # before the WAV is written; its "finished-utterance" event comes after the file is complete.
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to ..."
        engine.save_to_file(text, str(out))
        engine.runAndWait()
        finished.wait(timeout_s)
    return 0 if finished.is_set() and out.exists() and out.stat().st_size > 44 else EXIT_ENGINE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk.speech.worker")
    parser.add_argument("--voice", default="cmn")
    parser.add_argument("--rate", type=int, default=150)
    parser.add_argument("--text-file", type=Path, help="UTF-8 text to speak (deleted afterwards)")
    parser.add_argument("--wav", type=Path, help="the WAV file to write")
    parser.add_argument("--list-voices", action="store_true")
    args = parser.parse_args(argv)
    if args.list_voices:
        print(json.dumps({"voices": list_voices(), "player": bool(find_player())}))
        return 0
    if args.text_file is None or args.wav is None:
        parser.error("--text-file and --wav are required")
    text = args.text_file.read_text(encoding="utf-8")
    with contextlib.suppress(OSError):
        args.text_file.unlink()
    return synthesise(text, args.voice, args.rate, args.wav)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
