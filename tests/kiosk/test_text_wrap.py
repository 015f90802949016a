"""Chinese line breaking (kiosk.text_wrap): no line starts with closing punctuation or ends with
opening punctuation, lines fit, nothing is lost — over every demo guide at many widths."""

import pytest

from contract.demo import load_demo_content
from kiosk.text_wrap import NO_LINE_END, NO_LINE_START, wrap_text


def measure(text: str) -> float:
    """A stand-in font: Chinese characters and full-width marks 2 units, everything else 1."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def paragraphs():
    for article in load_demo_content()["articles"]:
        for part in (article["title"], article["summary"], article["body"]):
            yield from (p for p in part.split("\n") if p.strip())


@pytest.mark.parametrize("width", [8, 13, 20, 31, 44, 60])
def test_every_demo_paragraph_breaks_by_the_rules(width):
    for paragraph in paragraphs():
        lines = wrap_text(paragraph, measure, width)
        for line in lines:
            assert line, paragraph
            assert line[0] not in NO_LINE_START or len(line) == 1, (width, line)
            assert line[-1] not in NO_LINE_END, (width, line)
            assert measure(line) <= width or " " not in line, (width, line)
        assert "".join(lines).replace(" ", "") == paragraph.replace(" ", "")


def test_a_comma_takes_the_character_before_it_down():
    # 4 characters fit; the comma would start line two, so 三 moves down with it
    assert wrap_text("一二三四，五六", measure, 8) == ["一二三", "四，五六"]


def test_an_opening_bracket_moves_to_the_word_it_opens():
    assert wrap_text("请看《民法典》第一条", measure, 6) == ["请看", "《民法", "典》第", "一条"]


def test_latin_words_and_links_stay_whole():
    lines = wrap_text("扫码打开 https://example.org/a/b 查看", measure, 30)
    assert "https://example.org/a/b" in " ".join(lines)


def test_hard_line_breaks_are_kept_and_empty_text_is_one_empty_line():
    assert wrap_text("第一行\n第二行", measure, 40) == ["第一行", "第二行"]
    assert wrap_text("", measure, 40) == [""]
