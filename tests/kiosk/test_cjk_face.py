"""The Simplified Chinese face as a file of its own (issue 13): Kivy opens face 0 of a font
collection, which in Noto Sans CJK is the Japanese face, so 关, 说, 骨 … came out in Japanese
forms. These tests use the real installed collection, fontconfig and fontTools."""

from __future__ import annotations

import os
import shutil

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from kiosk.cjk_face import find_cjk_face, is_collection, single_face_file

DIFFERING = "关说骨"  # drawn differently in the Japanese and the Simplified Chinese face


def family(path, index: int = 0) -> str:
    return TTFont(str(path), fontNumber=index, lazy=True)["name"].getDebugName(1)


def drawn(path, index: int = 0, text: str = DIFFERING) -> bytes:
    font = ImageFont.truetype(str(path), size=64, index=index)
    image = Image.new("L", (64 * len(text) + 16, 96), 0)
    ImageDraw.Draw(image).text((8, 8), text, font=font, fill=255)
    return image.tobytes()


@pytest.fixture(scope="module")
def face():
    found = find_cjk_face()
    if not is_collection(found.path):
        pytest.skip(f"the installed CJK font {found.path} is no collection")
    return found


def test_fontconfig_picks_the_sc_face_of_the_collection_and_face_0_is_not_it(face):
    assert family(face.path, face.index).endswith(" SC")
    assert not family(face.path, 0).endswith(" SC")  # the problem this module exists for


def test_the_extracted_file_is_the_sc_face_alone(face, tmp_path):
    extracted = single_face_file(face, tmp_path / "fonts")
    assert extracted.parent == tmp_path / "fonts" and not is_collection(extracted)
    assert family(extracted) == family(face.path, face.index)
    # drawn with the same rasteriser both ways: the file's face 0 is the collection's SC face
    assert drawn(extracted) == drawn(face.path, face.index)
    assert drawn(extracted) != drawn(face.path, 0)
    # Latin and digits are there too (the one font draws English screens)
    assert drawn(extracted, text="12348 Home") == drawn(face.path, face.index, text="12348 Home")


def test_a_second_start_reuses_the_file_and_an_updated_font_replaces_it(face, tmp_path):
    own = tmp_path / "NotoSansCJK-Regular.ttc"
    shutil.copyfile(face.path, own)
    moved = type(face)(path=str(own), index=face.index)
    cache = tmp_path / "fonts"
    first = single_face_file(moved, cache)
    written = first.stat().st_mtime_ns
    assert single_face_file(moved, cache) == first and first.stat().st_mtime_ns == written
    os.utime(own, (1_700_000_000, 1_700_000_000))  # the package was updated
    second = single_face_file(moved, cache)
    assert second != first and second.exists() and not first.exists()
    assert sorted(p.name for p in cache.iterdir()) == [second.name]  # no temp file left


def test_a_single_face_font_is_used_as_it_is(face, tmp_path):
    extracted = single_face_file(face, tmp_path / "a")
    plain = type(face)(path=str(extracted), index=0)
    assert single_face_file(plain, tmp_path / "b") == extracted
    assert not (tmp_path / "b").exists()


def test_tickets_draw_with_the_same_face(face):
    from kiosk.tickets.fonts import cjk_font

    assert cjk_font(20).getname()[0] == family(face.path, face.index)
