"""The wording of the law-basis lines (no window needed: screens.law_basis is plain Python)."""

from __future__ import annotations

import pytest

from contract.i18n import Translator
from screens.law_basis import law_lines, spoken_date


@pytest.fixture
def zh():
    return Translator("zh_CN")


def test_dates_read_as_people_write_them(zh):
    assert spoken_date(zh, "2013-07-01") == "2013年7月1日"
    assert spoken_date(Translator("en"), "2013-07-01") == "2013-07-01"
    assert spoken_date(zh, "") == spoken_date(zh, "soon") == ""


def test_lines_for_in_force_amended_and_unknown_laws(zh):
    refs = [
        {
            "law": "中华人民共和国民法典",
            "article": "第一千零七十九条",
            "status": "in_force",
            "effective": "2021-01-01",
        },
        {
            "law": "劳动合同法",
            "article": "第三十条",
            "status": "amended",
            "effective": "2013-07-01",
        },
        {"law": "某某省物业管理条例", "article": "", "status": "in_force", "effective": ""},
    ]
    assert law_lines(zh, refs) == [
        "《民法典》第一千零七十九条 · 2021年1月1日起施行",
        "《劳动合同法》第三十条 · 修改后的条文自2013年7月1日起施行",
        "《某某省物业管理条例》",
    ]


def test_a_ref_held_from_an_older_hub_is_completed_from_the_table(zh):
    assert law_lines(zh, [{"law": "《中华人民共和国婚姻法》", "article": "第三十二条"}]) == [
        "《婚姻法》第三十二条 · 已于2021年1月1日废止，现由《民法典》规定"
    ]
    assert law_lines(zh, [{"law": "工伤保险条例", "article": "第十四条"}]) == [
        "《工伤保险条例》第十四条 · 修改后的条文自2011年1月1日起施行"
    ]
    assert law_lines(zh, None) == law_lines(zh, [{"law": ""}]) == []
