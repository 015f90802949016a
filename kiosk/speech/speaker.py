"""Read-aloud for the screens: speak/stop that never block, one utterance at a time.

Each utterance runs in its own worker process (:mod:`kiosk.speech.worker`) in its own process
group, watched by a thread with a timeout; ``stop()`` and a new ``speak()`` kill the group
(engine and audio player). So pyttsx3's second-``runAndWait`` hang cannot reach the terminal,
and a stuck utterance ends by itself.

``available`` (with ``reason``, a ``tickets.speech.*`` message key) says whether a voice is
installed; finding out asks the worker once (about 0.1-0.5 s), so call :meth:`probe` at start-up
off the UI thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import SpeechUnavailable
from kiosk.speech.text import speakable_text

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
PROBE_TIMEOUT_S = 15.0
MIN_UTTERANCE_TIMEOUT_S = 15.0
SECONDS_PER_CHARACTER = 0.6  # Mandarin at a slow, clear rate is ~2-3 characters a second
EXIT_REASONS = {3: "tickets.speech.no_voice", 4: "tickets.speech.failed", 5: "tickets.speech.no_player"}

Outcome = str  # "done", "stopped", "failed", "timeout"


def utterance_timeout_s(text: str) -> float:
    return max(MIN_UTTERANCE_TIMEOUT_S, 5.0 + SECONDS_PER_CHARACTER * len(text))


class NullSpeaker:
    """``speech.backend = "none"``: no read-aloud; screens hide the button."""

    available = False
    speaking = False

    def __init__(self, reason: str = "tickets.speech.disabled") -> None:
        self.reason = reason

    def probe(self) -> bool:
        return False

    def available_for(self, language: str) -> bool:
        return False

    def speak(self, text: str, language: str = "zh_CN", on_done: Callable[[Outcome], None] | None = None) -> bool:
        return False

    def stop(self) -> None:
        pass


class Pyttsx3Speaker:
    """pyttsx3 with espeak-ng voices, each utterance in a short-lived worker process."""

    def __init__(self, *, voices: dict[str, str], rate_wpm: int = 150, python: str | None = None) -> None:
        self.voices = dict(voices)
        self.rate_wpm = rate_wpm
        self.python = python or sys.executable
        self.reason = ""
        self.utterances = 0
        self._installed: dict[str, bool] | None = None
        self._lock = threading.Lock()
        self._generation = 0
        self._process: subprocess.Popen | None = None
        self._speaking = False

    # -- availability -------------------------------------------------------------------
    def _worker(self, *args: str) -> list[str]:
        return [self.python, "-m", "kiosk.speech.worker", *args]

    def probe(self) -> bool:
        """Ask the worker which voices are installed (once); sets ``available`` and ``reason``."""
        if self._installed is not None:
            return self.available
        try:
            result = subprocess.run(
                self._worker("--list-voices"), cwd=REPO_ROOT, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=True
            )
            listing = json.loads(result.stdout)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            logger.warning("speech engine unavailable: %s", exc)
            self._installed, self.reason = {}, "tickets.speech.no_engine"
            return False
        from kiosk.speech.worker import matches

        self._installed = {lang: any(matches(v, voice) for v in listing["voices"]) for lang, voice in self.voices.items()}
        if not self._installed.get("zh_CN"):
            self.reason = "tickets.speech.no_voice"
        elif not listing.get("player"):
            self.reason = "tickets.speech.no_player"
        else:
            self.reason = ""
        return self.available

    @property
    def available(self) -> bool:
        """True when the Mandarin voice and an audio player are installed."""
        if self._installed is None:
            self.probe()
        return not self.reason

    def available_for(self, language: str) -> bool:
        return self.available and bool(self._installed and self._installed.get(language))

    # -- speaking ----------------------------------------------------------------------
    @property
    def speaking(self) -> bool:
        return self._speaking

    def speak(self, text: str, language: str = "zh_CN", on_done: Callable[[Outcome], None] | None = None) -> bool:
        """Start reading ``text`` aloud and return at once; a running utterance is stopped.

        :param on_done: called from a worker thread with "done", "stopped", "failed" or "timeout".
        :returns: False when nothing is spoken (no voice for ``language``, or no words).
        """
        cleaned = speakable_text(text)
        if not cleaned or not self.available_for(language):
            return False
        with self._lock:
            self._kill_current()
            self._generation += 1
            generation = self._generation
            self._speaking = True
        thread = threading.Thread(
            target=self._run, args=(generation, cleaned, language, on_done), name="speech", daemon=True
        )
        thread.start()
        return True

    def stop(self) -> None:
        """Stop speaking now (never waits)."""
        with self._lock:
            self._generation += 1
            self._kill_current()
            self._speaking = False

    def _kill_current(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            _kill_group(process)

    def _text_file(self, text: str) -> str:
        handle, name = tempfile.mkstemp(prefix="utterance-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        return name

    def _start(self, generation: int, command: list[str]) -> subprocess.Popen | None:
        with self._lock:
            if generation != self._generation:
                return None
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, start_new_session=True,
            )
            self._process = process
            return process

    def _run(self, generation: int, text: str, language: str, on_done) -> None:
        name = self._text_file(text)
        command = self._worker("--voice", self.voices[language], "--rate", str(self.rate_wpm), "--text-file", name)
        outcome = "stopped"
        try:
            process = self._start(generation, command)
            if process is not None:
                outcome = _wait(process, utterance_timeout_s(text))
        finally:
            Path(name).unlink(missing_ok=True)
            with self._lock:
                if generation == self._generation:
                    self._speaking = False
                    self._process = None
                else:
                    outcome = "stopped"
            self.utterances += 1
        if outcome == "failed":
            logger.warning("speech worker failed")
        if on_done is not None:
            on_done(outcome)

    # -- to a file (the say command, tests) ------------------------------------------------
    def speak_to_file(self, text: str, wav: Path, language: str = "zh_CN") -> Path:
        """Write ``text`` as speech to ``wav`` and wait for it (for ``legal-kiosk say``)."""
        cleaned = speakable_text(text)
        if not cleaned:
            raise SpeechUnavailable("nothing to say", message_key="tickets.speech.failed")
        if not self.available_for(language):
            raise SpeechUnavailable(f"no voice for {language}", message_key=self.reason or "tickets.speech.no_voice")
        name = self._text_file(cleaned)
        command = self._worker("--voice", self.voices[language], "--rate", str(self.rate_wpm), "--text-file", name, "--wav", str(wav))
        try:
            result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=utterance_timeout_s(cleaned), check=False)
        except subprocess.TimeoutExpired:
            raise SpeechUnavailable("speech timed out", message_key="tickets.speech.failed") from None
        finally:
            Path(name).unlink(missing_ok=True)
        if result.returncode != 0:
            key = EXIT_REASONS.get(result.returncode, "tickets.speech.failed")
            raise SpeechUnavailable(f"speech worker exit {result.returncode}: {result.stderr.strip()[-300:]}", message_key=key)
        return wav


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the worker and its audio player (they share the worker's process group)."""
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
        logger.warning("speech worker exit %s: %s", process.returncode, (errors or b"")[-300:])
        return "failed"
    return "done"


def make_speaker(config):
    """The speaker named by the configuration (``speech`` section of a KioskConfig)."""
    section = getattr(config, "speech", config)
    if section.backend == "none":
        return NullSpeaker()
    return Pyttsx3Speaker(voices={"zh_CN": section.voice_zh, "en": section.voice_en}, rate_wpm=section.rate_wpm)
