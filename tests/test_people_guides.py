"""The guides for people (technician, staff, adviser) are Chinese first, with English beside them,
and say what the software says: every picture and link they point to exists, and the doctor
table names exactly the checks ``legal-kiosk doctor`` runs, by the words the screen shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contract.i18n import Translator
from kiosk.doctor.checks import CHECKS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = ("technician", "staff", "adviser")
LINK_RE = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
CJK_RE = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def _prose(path: Path) -> str:
    return CODE_RE.sub(" ", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_is_chinese_with_an_english_version_beside_it(guide):
    chinese, english = DOCS / f"{guide}.md", DOCS / f"{guide}.en.md"
    assert chinese.exists() and english.exists()
    zh_text, en_text = _prose(chinese), _prose(english)
    # Chinese prose: far more Han characters than Latin words (code and commands left out)
    assert len(CJK_RE.findall(zh_text)) > 5 * len(LATIN_WORD_RE.findall(zh_text))
    assert len(LATIN_WORD_RE.findall(en_text)) > 2 * len(CJK_RE.findall(en_text))  # quotes 首页…
    # the same sections in both: as many second-level headings
    headings = [len(re.findall(r"^## ", p.read_text(), re.M)) for p in (chinese, english)]
    assert headings[0] == headings[1]


@pytest.mark.parametrize(
    "doc", sorted([*DOCS.glob("*.md"), ROOT / "README.md"]), ids=lambda p: p.name
)
def test_every_picture_and_link_a_doc_points_to_exists(doc):
    missing = []
    for target in LINK_RE.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # a web address or an anchor in the same page
        if not (doc.parent / target.split("#")[0]).exists():
            missing.append(target)
    assert missing == []


def _doctor_rows(path: Path) -> dict[str, list[str]]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z_]+)` \|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


@pytest.mark.parametrize("guide", ["technician.md", "technician.en.md"])
def test_the_doctor_table_names_every_check_doctor_runs(guide):
    rows = _doctor_rows(DOCS / guide)
    assert sorted(rows) == sorted(CHECKS)
    for name, (_fn, critical) in CHECKS.items():
        marked = rows[name][-1]
        assert marked.startswith(("是", "yes")) or not critical, name
        if not critical:
            assert not marked or "超过" in marked or "more than" in marked, name


def test_the_chinese_doctor_table_uses_the_screen_s_names():
    tr = Translator("zh_CN")
    rows = _doctor_rows(DOCS / "technician.md")
    wrong = {
        name: (cells[0], tr(f"doctor.{name}.title"))
        for name, cells in rows.items()
        if cells[0] != tr(f"doctor.{name}.title")
    }
    assert wrong == {}
