"""Read-aloud with the real espeak-ng voices through pyttsx3, each utterance in its own process."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.config import SpeechConfig
from kiosk.speech import NullSpeaker, Pyttsx3Speaker, make_speaker, speakable_text
from kiosk.speech.text import utterance_chunks

SENTENCE_ZH = "劳动合同到期不续签，用人单位一般应当支付经济补偿。有疑问请拨打一二三四八咨询。"


def soxi_seconds(path: Path) -> float:
    return float(
        subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout
    )


@pytest.mark.parametrize(
    ("markup", "spoken"),
    [
        (
            "# 劳动合同\n\n1. 先协商\n2、再调解\n（三）最后起诉",
            "劳动合同。\n先协商。\n再调解。\n最后起诉。",
        ),
        ("一、**重要**：保留证据", "重要：保留证据。"),
        ("【提示】依据《劳动合同法》第四十六条[1]。", "提示 依据 劳动合同法 第四十六条。"),
        (
            "- 拨打 [12348 热线](tel:12348)\n- 访问 https://hub.example.cn/p/articles/a1",
            "拨打 12348 热线。\n访问。",
        ),
        ("<p>单位&nbsp;拖欠工资</p>", "单位 拖欠工资。"),
        ("① 第一步\n② 第二步", "第一步。\n第二步。"),
        ("Call 12348 today", "Call 12348 today."),
        ("***\n---\n", ""),
    ],
)
def test_markup_is_not_read_aloud(markup, spoken):
    assert speakable_text(markup) == spoken


def test_long_text_is_spoken_in_sentence_chunks():
    text = "劳动合同到期不续签，用人单位一般应当支付经济补偿。" * 12
    chunks = utterance_chunks(text)
    assert "".join(chunks) == text
    assert all(len(chunk) <= 120 and chunk.endswith("。") for chunk in chunks)
    assert [len(c) for c in utterance_chunks("长" * 250)] == [120, 120, 10]
    assert utterance_chunks("第一段。\n第二段。") == ["第一段。第二段。"]


def test_long_guide_is_spoken_to_the_end(speaker):
    finished = threading.Event()
    outcomes = []
    assert speaker.speak(
        "劳动合同到期不续签，用人单位一般应当支付经济补偿。" * 12,
        on_done=lambda o: (outcomes.append(o), finished.set()),
    )
    assert finished.wait(60) and outcomes == ["done"]


def test_make_speaker_reads_the_config():
    speaker = make_speaker(
        SpeechConfig(voice_zh="cmn", voice_en="en", rate_wpm=180, slow_rate_wpm=95)
    )
    assert isinstance(speaker, Pyttsx3Speaker)
    assert (speaker.voices, speaker.rate_wpm) == ({"zh_CN": "cmn", "en": "en"}, 180)
    assert speaker.slow_rate_wpm == 95  # the elderly / 慢速朗读 rate from kiosk.toml
    assert speaker.available and speaker.reason == ""  # probed in the background


def test_say_writes_a_wav_of_plausible_length(tmp_path):
    out = tmp_path / "sentence.wav"
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "say",
            SENTENCE_ZH,
            "--wav",
            str(out),
            "--language",
            "zh_CN",
            "--data",
            str(tmp_path),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seconds = soxi_seconds(out)
    # 38 characters of Mandarin at a slow, clear pace: well above 1 and below 10 characters a second
    assert len(SENTENCE_ZH) / 10 < seconds < len(SENTENCE_ZH) / 1
    assert '"seconds"' in result.stdout


def test_english_voice_writes_english(speaker, tmp_path):
    out = speaker.speak_to_file(
        "Call the twelve three four eight hotline.", tmp_path / "en.wav", language="en"
    )
    assert 1.0 < soxi_seconds(out) < 8.0


def test_speak_returns_at_once_and_a_new_utterance_stops_the_old(speaker):
    outcomes = []
    done = threading.Event()
    started = time.monotonic()
    assert speaker.speak(SENTENCE_ZH * 20, on_done=outcomes.append)
    assert time.monotonic() - started < 0.2  # the caller never waits for the speech
    assert speaker.speaking
    time.sleep(0.3)
    assert speaker.speak("好。", on_done=lambda outcome: (outcomes.append(outcome), done.set()))
    assert done.wait(30)
    assert outcomes == ["stopped", "done"]
    assert not speaker.speaking


def test_stop_ends_the_utterance_without_waiting(speaker):
    finished = threading.Event()
    outcomes = []
    speaker.speak(
        SENTENCE_ZH * 20, on_done=lambda outcome: (outcomes.append(outcome), finished.set())
    )
    time.sleep(0.3)
    started = time.monotonic()
    speaker.stop()
    assert time.monotonic() - started < 0.2
    assert not speaker.speaking
    assert finished.wait(10) and outcomes == ["stopped"]


@pytest.mark.slow
def test_a_hundred_utterances_in_a_row(speaker):
    outcomes = []
    for number in range(100):
        finished = threading.Event()
        assert speaker.speak(
            f"第{number}句。",
            on_done=lambda outcome, f=finished: (outcomes.append(outcome), f.set()),
        )
        assert finished.wait(20), f"utterance {number} did not finish"
    assert outcomes == ["done"] * 100
    assert not speaker.speaking


def test_missing_voice_is_a_state_not_an_error(tmp_path):
    speaker = Pyttsx3Speaker(voices={"zh_CN": "no-such-voice-xx", "en": "en"})
    assert speaker.available is False
    assert speaker.reason == "tickets.speech.no_voice"
    assert speaker.speak("你好") is False
    assert not speaker.speaking


def test_missing_engine_is_a_state_not_an_error():
    speaker = Pyttsx3Speaker(voices={"zh_CN": "cmn"}, python="/nonexistent/python3")
    assert speaker.available is False and speaker.reason == "tickets.speech.no_engine"
    assert speaker.speak("你好") is False


def test_backend_none_gives_the_null_speaker():
    speaker = make_speaker(SpeechConfig(backend="none"))
    assert isinstance(speaker, NullSpeaker)
    assert (speaker.available, speaker.reason, speaker.speak("你好"), speaker.speaking) == (
        False,
        "tickets.speech.disabled",
        False,
        False,
    )


def test_say_without_the_voice_fails_with_the_reason(tmp_path):
    config = tmp_path / "kiosk.toml"
    config.write_text('[speech]\nvoice_zh = "no-such-voice-xx"\n', encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "say",
            "你好",
            "--wav",
            str(tmp_path / "x.wav"),
            "--config",
            str(config),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "no voice for zh_CN" in result.stderr
    assert not (tmp_path / "x.wav").exists()
