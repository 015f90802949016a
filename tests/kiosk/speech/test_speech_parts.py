"""Read-aloud in parts (issue 13): the speaker says which part (a guide's paragraph) begins to
play, with the real espeak-ng worker and aplay into ALSA's null device."""

from __future__ import annotations

import threading

from kiosk.speech.speaker import part_chunks


def test_chunks_never_span_two_parts_and_know_their_part():
    chunks = part_chunks(["标题", "第一段。第二句。", "***", "长" * 130])
    assert chunks == [
        (0, "标题。"),
        (1, "第一段。第二句。"),
        (3, "长" * 120),
        (3, "长" * 10 + "。"),
    ]
    assert part_chunks("一句话") == [(0, "一句话。")]


def test_each_part_is_reported_once_as_it_begins_to_play(speaker):
    started: list[int] = []
    finished = threading.Event()
    outcomes: list[str] = []
    parts = ["劳动合同。", "【】", "用人单位应当支付经济补偿。" * 12, "请拨打一二三四八。"]
    assert speaker.speak(
        parts,
        on_part=started.append,
        on_done=lambda outcome: (outcomes.append(outcome), finished.set()),
    )
    assert finished.wait(90) and outcomes == ["done"]
    assert started == [0, 2, 3]  # part 1 has no words: nothing to say, nothing reported


def test_a_stopped_utterance_reports_no_further_parts(speaker):
    started: list[int] = []
    finished = threading.Event()
    outcomes: list[str] = []

    def began(part: int) -> None:
        started.append(part)
        speaker.stop()  # 停止 as the first part begins (stop never waits: safe on any thread)

    assert speaker.speak(
        ["第一段。", "第二段。", "第三段。"],
        on_part=began,
        on_done=lambda outcome: (outcomes.append(outcome), finished.set()),
    )
    assert finished.wait(30)
    assert started == [0] and outcomes == ["stopped"]
