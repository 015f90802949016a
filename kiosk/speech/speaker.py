"""Read-aloud for the screens: speak/stop that never block, one utterance at a time.

A text is cut into sentence-sized chunks. Each chunk is synthesised to a WAV by its own
short-lived worker process (:mod:`kiosk.speech.worker`), and played by an audio player process;
the next chunk is synthesised while the current one plays. A watcher thread runs this with a
timeout per step; ``stop()`` and a new ``speak()`` kill the running processes at once. So
pyttsx3's second-``runAndWait`` hang (pyttsx3#126) cannot reach the terminal, a stuck step ends
by itself, and the first words of a long guide sound within a moment.

``available`` (with ``reason``, a ``tickets.speech.*`` message key) says whether the Mandarin
voice and an audio player are installed; finding out asks the worker once (about 0.1-0.5 s),
which :func:`make_speaker` starts on a background thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.errors import SpeechUnavailable
from kiosk.speech.text import speakable_text, utterance_chunks
from kiosk.speech.worker import matches, player_for

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT_S = 15.0
SYNTH_TIMEOUT_BASE_S = 10.0
SYNTH_SECONDS_PER_CHARACTER = 0.05  # espeak-ng makes ~250 Mandarin characters a second here
PLAY_SLACK_S = 5.0
EXIT_REASONS = {3: "tickets.speech.no_voice", 4: "tickets.speech.failed"}

Outcome = str  # "done", "stopped", "failed", "timeout"
Chunk = tuple[int, str]  # (index of the part it belongs to, text of the chunk)


def part_chunks(text: str | Sequence[str]) -> list[Chunk]:
    """``text`` (one string, or parts such as a guide's paragraphs) as spoken chunks, each with
    the index of its part; a chunk never spans two parts, a part with nothing to say has none."""
    parts = [text] if isinstance(text, str) else list(text)
    return [
        (index, chunk)
        for index, part in enumerate(parts)
        for chunk in utterance_chunks(speakable_text(part))
    ]


class NullSpeaker:
    """``speech.backend = "none"``: no read-aloud; screens hide the button."""

    available = False
    speaking = False
    slow = False

    def __init__(self, reason: str = "tickets.speech.disabled") -> None:
        self.reason = reason

    def probe(self) -> bool:
        return False

    def available_for(self, language: str) -> bool:
        return False

    def speak(
        self,
        text: str | Sequence[str],
        language: str = "zh_CN",
        on_done: Callable[[Outcome], None] | None = None,
        on_part: Callable[[int], None] | None = None,
    ) -> bool:
        return False

    def stop(self) -> None:
        pass


def synth_timeout_s(text: str) -> float:
    return SYNTH_TIMEOUT_BASE_S + SYNTH_SECONDS_PER_CHARACTER * len(text)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


class Pyttsx3Speaker:
    """pyttsx3 with espeak-ng voices; synthesis and playback in short-lived processes.

    :param voices: language -> espeak voice (``{"zh_CN": "cmn", "en": "en"}``).
    :param slow_rate_wpm: the rate while ``slow`` is set (the screen's 慢速朗读 switch).
    :param audio_device: ALSA device for ``aplay -D`` (``None``: the system default; ``"null"``
        discards the sound, for tests).
    """

    def __init__(
        self,
        *,
        voices: dict[str, str],
        rate_wpm: int = 150,
        slow_rate_wpm: int = 110,
        python: str | None = None,
        audio_device: str | None = None,
    ) -> None:
        self.voices = dict(voices)
        self.rate_wpm = rate_wpm
        self.slow_rate_wpm = slow_rate_wpm
        self.slow = False  # read more slowly (older listeners); takes effect with the next chunk
        self.python = python or sys.executable
        self.audio_device = audio_device
        self.reason = ""
        self._installed: dict[str, bool] | None = None
        self._lock = threading.Lock()
        self._probe_lock = threading.Lock()
        self._generation = 0
        self._processes: list[subprocess.Popen] = []
        self._speaking = False
        self.first_sound_at: float | None = None  # monotonic time the last utterance began to play

    # -- availability -------------------------------------------------------------------
    def _worker(self, *args: str) -> list[str]:
        return [self.python, "-m", "kiosk.speech.worker", *args]

    def start_probe(self) -> None:
        """Find out about the voices on a background thread (``make_speaker`` does this)."""
        threading.Thread(target=self.probe, name="speech-probe", daemon=True).start()

    def probe(self) -> bool:
        """Ask the worker which voices are installed (once); sets ``available`` and ``reason``."""
        with self._probe_lock:
            if self._installed is None:
                self._probe()
        return not self.reason

    def _probe(self) -> None:
        try:
            result = subprocess.run(
                self._worker("--list-voices"),
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=PROBE_TIMEOUT_S,
                check=True,
            )
            listing = json.loads(result.stdout)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            logger.warning("speech engine unavailable: %s", exc)
            self._installed, self.reason = {}, "tickets.speech.no_engine"
            return
        self._installed = {
            lang: any(matches(v, voice) for v in listing["voices"])
            for lang, voice in self.voices.items()
        }
        if not self._installed.get("zh_CN"):
            self.reason = "tickets.speech.no_voice"
        elif self._player() is None:
            self.reason = "tickets.speech.no_player"
        else:
            self.reason = ""
        if self.reason:
            logger.warning("read-aloud unavailable: %s", self.reason)

    @property
    def available(self) -> bool:
        """True when the Mandarin voice and an audio player are installed (waits for the probe)."""
        return self.probe()

    def available_for(self, language: str) -> bool:
        return self.available and bool(self._installed and self._installed.get(language))

    def _player(self) -> list[str] | None:
        return player_for(self.audio_device)

    # -- speaking ----------------------------------------------------------------------
    @property
    def speaking(self) -> bool:
        return self._speaking

    def speak(
        self,
        text: str | Sequence[str],
        language: str = "zh_CN",
        on_done: Callable[[Outcome], None] | None = None,
        on_part: Callable[[int], None] | None = None,
    ) -> bool:
        """Start reading ``text`` aloud and return at once; a running utterance is stopped.

        :param text: one string, or a sequence of parts (a guide's title and paragraphs).
        :param on_done: called from a worker thread with "done", "stopped", "failed" or "timeout".
        :param on_part: called from a worker thread with a part's index as its first chunk
            begins to play (so a screen can show what is being read).
        :returns: False when nothing is spoken (no voice for ``language``, or no words).
        """
        chunks = part_chunks(text)
        if not chunks or not self.available_for(language):
            return False
        with self._lock:
            self._kill_all()
            self._generation += 1
            generation = self._generation
            self._speaking = True
        thread = threading.Thread(
            target=self._run,
            args=(generation, chunks, language, on_done, on_part),
            name="speech",
            daemon=True,
        )
        thread.start()
        return True

    def stop(self) -> None:
        """Stop speaking now (never waits)."""
        with self._lock:
            self._generation += 1
            self._kill_all()
            self._speaking = False

    def _kill_all(self) -> None:
        processes, self._processes = self._processes, []
        for process in processes:
            if process.poll() is None:
                _kill_group(process)

    def _spawn(self, generation: int, command: list[str]) -> subprocess.Popen | None:
        """Start ``command`` in its own process group unless this utterance was stopped."""
        with self._lock:
            if generation != self._generation:
                return None
            process = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
            self._processes.append(process)
            return process

    def _synth_command(self, text: str, language: str, wav: Path) -> list[str]:
        text_file = wav.with_suffix(".txt")
        text_file.write_text(text, encoding="utf-8")
        return self._worker(
            "--voice",
            self.voices[language],
            "--rate",
            str(self.slow_rate_wpm if self.slow else self.rate_wpm),
            "--text-file",
            str(text_file),
            "--wav",
            str(wav),
        )

    def _run(self, generation: int, chunks: list[Chunk], language: str, on_done, on_part) -> None:
        folder = Path(tempfile.mkdtemp(prefix="speech-"))
        try:
            outcome = self._pipeline(generation, chunks, language, folder, on_part)
        except OSError as exc:
            logger.warning("speech failed: %s", exc)
            outcome = "failed"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with self._lock:
                if generation == self._generation:
                    self._speaking = False
                    self._kill_all()
                else:
                    outcome = "stopped"
        if on_done is not None:
            on_done(outcome)

    def _pipeline(
        self, generation: int, chunks: list[Chunk], language: str, folder: Path, on_part=None
    ) -> Outcome:
        player = self._player()
        if player is None:
            return "failed"
        wavs = [folder / f"{number}.wav" for number in range(len(chunks))]
        pending = self._spawn(generation, self._synth_command(chunks[0][1], language, wavs[0]))
        for number, (part, chunk) in enumerate(chunks):
            if pending is None:
                return "stopped"
            outcome = _wait(pending, synth_timeout_s(chunk))
            if outcome != "done":
                return outcome
            following = number + 1
            pending = None
            if following < len(chunks):  # synthesise the next chunk while this one plays
                pending = self._spawn(
                    generation,
                    self._synth_command(chunks[following][1], language, wavs[following]),
                )
            playing = self._spawn(generation, [*player, str(wavs[number])])
            if playing is None:
                return "stopped"
            if number == 0:
                self.first_sound_at = time.monotonic()
            if on_part is not None and (number == 0 or chunks[number - 1][0] != part):
                on_part(part)
            outcome = _wait(playing, wav_seconds(wavs[number]) + PLAY_SLACK_S)
            if outcome != "done":
                return outcome
        return "done"

    # -- to a file (the say command, tests) ------------------------------------------------
    def speak_to_file(self, text: str, wav: Path, language: str = "zh_CN") -> Path:
        """Write ``text`` as speech to ``wav`` and wait for it (for ``legal-kiosk say``)."""
        cleaned = speakable_text(text)
        if not cleaned:
            raise SpeechUnavailable("nothing to say", message_key="tickets.speech.failed")
        self.probe()
        if not (self._installed or {}).get(language):  # no player needed for a file
            raise SpeechUnavailable(
                f"no voice for {language}", message_key=self.reason or "tickets.speech.no_voice"
            )
        with tempfile.TemporaryDirectory(prefix="speech-") as folder:
            command = self._synth_command(cleaned, language, Path(folder) / "utterance.wav")
            command[-1] = str(wav)
            try:
                result = subprocess.run(
                    command,
                    cwd=REPO_ROOT,
                    capture_output=True,
                    text=True,
                    timeout=synth_timeout_s(cleaned),
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise SpeechUnavailable(
                    "speech timed out", message_key="tickets.speech.failed"
                ) from None
        if result.returncode != 0:
            key = EXIT_REASONS.get(result.returncode, "tickets.speech.failed")
            raise SpeechUnavailable(
                f"speech worker exit {result.returncode}: {result.stderr.strip()[-300:]}",
                message_key=key,
            )
        return wav


def _kill_group(process: subprocess.Popen) -> None:
    """Kill a worker or player together with anything it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _wait(process: subprocess.Popen, timeout_s: float) -> Outcome:
    try:
        _, errors = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        return "timeout"
    if process.returncode < 0:
        return "stopped"
    if process.returncode != 0:
        logger.warning(
            "speech step %s exit %s: %s",
            process.args[0] if isinstance(process.args, list | tuple) else process.args,
            process.returncode,
            (errors or b"")[-300:],
        )
        return "failed"
    return "done"


def make_speaker(config):
    """The speaker named by the configuration (``speech`` section of a KioskConfig)."""
    section = getattr(config, "speech", config)
    if section.backend == "none":
        return NullSpeaker()
    speaker = Pyttsx3Speaker(
        voices={"zh_CN": section.voice_zh, "en": section.voice_en},
        rate_wpm=section.rate_wpm,
        slow_rate_wpm=section.slow_rate_wpm,
        audio_device=section.audio_device or None,
    )
    speaker.start_probe()  # so that ``available`` is known by the time a screen asks
    return speaker
