"""Facts about the laws guides cite: status (in force, amended, repealed) and the date it applies from.

A guide's ``law_refs`` name laws as staff type them (``《中华人民共和国婚姻法》``, ``婚姻法``);
:func:`law_key` normalises a name (drops 《》, the leading ``中华人民共和国`` and whitespace) so
every spelling finds the same entry of :data:`KNOWN_LAWS`.

What ``effective`` means depends on the status (ISO date ``YYYY-MM-DD``):

- ``in_force`` — the day the law took effect (it has not been amended since);
- ``amended`` — the day the text now in force (the last amendment or revision) took effect;
- ``repealed`` — the day it stopped applying; ``replaced_by`` names what took its place.

Only facts are kept here, and only those this project could state with confidence; a law that
is not listed is not thereby in force or repealed, it is simply unknown to this table (see
:func:`contract.records.validate_record` for what the content model does with it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LAW_STATUSES = ("in_force", "amended", "repealed")
STATE_PREFIX = "中华人民共和国"
_STRIP_RE = re.compile(r"[《》〈〉\s\u3000]")


@dataclass(frozen=True)
class Law:
    """One law (or regulation, or judicial interpretation) as this table knows it.

    :ivar name: the short name, without ``中华人民共和国`` (e.g. ``民法典``).
    :ivar status: one of :data:`LAW_STATUSES`.
    :ivar effective: ISO date, see the module docstring for its meaning per status.
    :ivar replaced_by: for a repealed law, the short name of the law that replaced it.
    """

    name: str
    status: str
    effective: str
    replaced_by: str | None = None


def law_key(name: str) -> str:
    """The name by which :data:`KNOWN_LAWS` is looked up: ``《中华人民共和国婚姻法》`` → ``婚姻法``.

    Drops 《》〈〉, all whitespace and every ``中华人民共和国`` (unless nothing else is left).
    """
    key = _STRIP_RE.sub("", name or "")
    # Also inside a title: 关于适用《中华人民共和国民法典》… is 关于适用民法典…
    shorter = key.replace(STATE_PREFIX, "")
    return shorter or key


def _laws(*laws: Law) -> dict[str, Law]:
    return {law_key(law.name): law for law in laws}


CIVIL_CODE = "民法典"
CIVIL_CODE_DAY = "2021-01-01"

# Repealed by the Civil Code (its article 1260) on the day it took effect.
REPLACED_BY_CIVIL_CODE = (
    "婚姻法",
    "继承法",
    "民法通则",
    "收养法",
    "担保法",
    "合同法",
    "物权法",
    "侵权责任法",
    "民法总则",
)

KNOWN_LAWS: dict[str, Law] = _laws(
    Law(CIVIL_CODE, "in_force", CIVIL_CODE_DAY),
    *(
        Law(name, "repealed", CIVIL_CODE_DAY, replaced_by=CIVIL_CODE)
        for name in REPLACED_BY_CIVIL_CODE
    ),
    # Labour and social insurance
    Law("劳动法", "amended", "2018-12-29"),
    Law("劳动合同法", "amended", "2013-07-01"),
    Law("劳动争议调解仲裁法", "in_force", "2008-05-01"),
    Law("社会保险法", "amended", "2018-12-29"),
    Law("工伤保险条例", "amended", "2011-01-01"),
    Law("保障农民工工资支付条例", "in_force", "2020-05-01"),
    Law("职工带薪年休假条例", "in_force", "2008-01-01"),
    # Family, elderly, women
    Law("反家庭暴力法", "in_force", "2016-03-01"),
    Law("老年人权益保障法", "amended", "2018-12-29"),
    Law("妇女权益保障法", "amended", "2023-01-01"),
    Law("最高人民法院关于适用民法典婚姻家庭编的解释（一）", "in_force", CIVIL_CODE_DAY),
    # Legal services
    Law("法律援助法", "in_force", "2022-01-01"),
    Law("人民调解法", "in_force", "2011-01-01"),
    Law("公证法", "amended", "2018-01-01"),
    Law("诉讼费用交纳办法", "in_force", "2007-04-01"),
    Law("民事诉讼法", "amended", "2024-01-01"),
    Law("刑事诉讼法", "amended", "2018-10-26"),
    # Consumers, fraud
    Law("消费者权益保护法", "amended", "2014-03-15"),
    Law("反电信网络诈骗法", "in_force", "2022-12-01"),
    # Land and village
    Law("农村土地承包法", "amended", "2019-01-01"),
    Law("农村土地承包经营纠纷调解仲裁法", "in_force", "2010-01-01"),
    Law("土地管理法", "amended", "2020-01-01"),
    Law("村民委员会组织法", "amended", "2018-12-29"),
    # Traffic
    Law("道路交通安全法", "amended", "2021-04-29"),
    Law("道路交通事故处理程序规定", "in_force", "2018-05-01"),
)


def known_law(name: str) -> Law | None:
    """The table's entry for ``name`` in any spelling, or None when the law is not listed."""
    return KNOWN_LAWS.get(law_key(name))
