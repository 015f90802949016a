"""Tickets: render time of a ticket, QR decode check, ESC/POS job size, one utterance to a WAV.

Baselines, measured in the same run: a plain ``qrcode.make`` image of the same payload (render
and decode), and ``espeak-ng -w`` called directly (speech).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import qrcode
from pyzbar.pyzbar import decode

from kiosk.speech import Pyttsx3Speaker
from kiosk.tickets import Ticket, article_payload, render_ticket
from kiosk.tickets.escpos_printer import job_bytes

ROUNDS = 20
CHINA = timezone(timedelta(hours=8))
WORDS = "劳动合同工资社保离婚抚养宅基地借款交通事故赔偿调解公证法律援助"


def _timed_ms(work, rounds: int = ROUNDS) -> float:
    work()  # warm caches (fonts) once
    started = time.perf_counter()
    for _ in range(rounds):
        work()
    return (time.perf_counter() - started) * 1000 / rounds


def _payloads(count: int) -> list[str]:
    chance = random.Random(12348)
    payloads = []
    for number in range(count):
        summary = "".join(chance.choice(WORDS) for _ in range(chance.randint(5, 400)))
        payloads.append(
            article_payload("", {"id": f"a{number}", "title": "示例指南", "summary": summary})
        )
    return payloads


def _booking(paper_mm: int):
    start = datetime(2026, 11, 27, 14, 30, tzinfo=CHINA)
    ticket = Ticket(
        kind="booking",
        title="示例律师 王某 · 婚姻家庭咨询",
        qr_payload="https://hub.example.cn/p/bookings/K7M2QX",
        place="示例社区公共法律服务工作室",
        start=start,
        end=start + timedelta(minutes=30),
        code="K7M2QX",
    )
    return lambda: render_ticket(ticket, paper_mm=paper_mm)


def _decode_rate(images, payloads) -> float:
    good = sum(
        [s.data.decode("utf-8") for s in decode(image)] == [payload]
        for image, payload in zip(images, payloads, strict=True)
    )
    return good / len(payloads)


def _speech_rows() -> list[dict]:
    speaker = Pyttsx3Speaker(voices={"zh_CN": "cmn", "en": "en"})
    if not speaker.probe() or not shutil.which("espeak-ng"):
        return []
    sentence = "劳动合同到期不续签，用人单位一般应当支付经济补偿。"
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "s.wav"
        ours = _timed_ms(lambda: speaker.speak_to_file(sentence, wav), rounds=5)
        direct = _timed_ms(
            lambda: subprocess.run(
                ["espeak-ng", "-v", "cmn", "-w", str(wav), sentence], check=True
            ),
            rounds=5,
        )
    rows = [
        {
            "bench": "tickets",
            "metric": "one utterance to WAV (worker process)",
            "value": ours,
            "unit": "ms",
            "baseline": direct,
            "target": "< 1000 ms before speech starts",
        }
    ]
    return rows + _first_sound_rows(speaker)


def _first_sound_rows(speaker: Pyttsx3Speaker) -> list[dict]:
    """A 1,000-character guide: time until the first chunk plays vs. synthesising it whole."""
    guide = "劳动合同到期不续签，用人单位一般应当支付经济补偿。" * 40
    quiet = Pyttsx3Speaker(voices=speaker.voices, audio_device="null")
    quiet.probe()
    started = time.monotonic()
    quiet.speak(guide)
    while quiet.first_sound_at is None and time.monotonic() - started < 60:
        time.sleep(0.005)
    first_ms = ((quiet.first_sound_at or time.monotonic()) - started) * 1000
    quiet.stop()
    with tempfile.TemporaryDirectory() as folder:
        whole_started = time.monotonic()
        speaker.speak_to_file(guide, Path(folder) / "whole.wav")
        whole_ms = (time.monotonic() - whole_started) * 1000
    return [
        {
            "bench": "tickets",
            "metric": "1000-character guide: first sound after",
            "value": first_ms,
            "unit": "ms",
            "baseline": whole_ms,
            "target": "< 1000 ms",
        }
    ]


def run() -> list[dict]:
    payload = "https://hub.example.cn/p/bookings/K7M2QX"
    plain_ms = _timed_ms(lambda: qrcode.make(payload))
    rows = [
        {
            "bench": "tickets",
            "metric": f"render booking ticket {paper} mm",
            "value": _timed_ms(_booking(paper)),
            "unit": "ms",
            "baseline": plain_ms,
            "target": "< 200 ms (preview feels instant)",
        }
        for paper in (58, 80)
    ]
    payloads = _payloads(40)
    tickets = [
        render_ticket(Ticket(kind="guide", title="示例指南", qr_payload=p), paper_mm=58)
        for p in payloads
    ]
    plain = [qrcode.make(p.encode("utf-8")).get_image() for p in payloads]
    rows.append(
        {
            "bench": "tickets",
            "metric": "58 mm tickets decoded exactly (40 texts)",
            "value": _decode_rate(tickets, payloads),
            "unit": "ratio",
            "baseline": _decode_rate(plain, payloads),
            "target": "1.0",
        }
    )
    image = _booking(80)()
    rows.append(
        {
            "bench": "tickets",
            "metric": "ESC/POS job for an 80 mm ticket",
            "value": len(job_bytes(image)) / 1024,
            "unit": "KiB",
            "baseline": len(image.tobytes()) / 8 / 1024,
            "target": "~ raw 1-bit size",
        }
    )
    return rows + _speech_rows()
